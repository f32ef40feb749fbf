/* eventschema.h - the JSON Schema (draft 4) of an event declaration. */
#ifndef EVENTC_EVENTSCHEMA_H
#define EVENTC_EVENTSCHEMA_H

#include <jansson.h>

#include "model.h"

/* The schema of E's envelope, detail fields included: a new reference. */
json_t *eventschema_json(const struct m_event *e);

#endif
