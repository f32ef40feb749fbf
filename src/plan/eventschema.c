/* eventschema.c - an event declaration as the JSON Schema (draft 4) of its
 * whole EventBridge envelope, the form in which the schema registry keeps
 * discovered events. Both backends register it. */
#include "eventschema.h"
#include "xalloc.h"

static const char *ftype_json(enum m_ftype t)
{
	switch (t) {
	case FT_NUMBER: return "number";
	case FT_INTEGER: return "integer";
	case FT_BOOLEAN: return "boolean";
	case FT_OBJECT: return "object";
	case FT_ARRAY: return "array";
	default: return "string";
	}
}

static json_t *fields_schema(struct m_field *const *fields, size_t n);

static json_t *field_schema(const struct m_field *f)
{
	json_t *s = json_object();
	json_object_set_new(s, "type", json_string(ftype_json(f->type)));
	if (f->type == FT_TIMESTAMP)
		json_object_set_new(s, "format", json_string("date-time"));
	if (f->n_enum) {
		json_t *e = json_array();
		for (size_t i = 0; i < f->n_enum; i++)
			json_array_append_new(e, json_string(f->enum_values[i]));
		json_object_set_new(s, "enum", e);
	}
	if (f->type == FT_OBJECT) {
		json_t *o = fields_schema(f->fields, f->n_fields);
		json_object_update(s, o);
		json_decref(o);
	}
	if (f->type == FT_ARRAY) {
		json_t *item = json_object();
		json_object_set_new(item, "type", json_string(ftype_json(f->item_type)));
		if (f->item_type == FT_OBJECT) {
			json_t *o = fields_schema(f->fields, f->n_fields);
			json_object_update(item, o);
			json_decref(o);
		}
		json_object_set_new(s, "items", item);
	}
	return s;
}

static json_t *fields_schema(struct m_field *const *fields, size_t n)
{
	json_t *o = json_object(), *props = json_object(), *req = json_array();
	for (size_t i = 0; i < n; i++) {
		json_object_set_new(props, fields[i]->name, field_schema(fields[i]));
		if (fields[i]->required)
			json_array_append_new(req, json_string(fields[i]->name));
	}
	json_object_set_new(o, "type", json_string("object"));
	json_object_set_new(o, "properties", props);
	if (json_array_size(req))
		json_object_set_new(o, "required", req);
	else
		json_decref(req);
	return o;
}

json_t *eventschema_json(const struct m_event *e)
{
	json_t *s = json_object();
	json_object_set_new(s, "$schema", json_string("http://json-schema.org/draft-04/schema#"));
	json_object_set_new(s, "title", json_string(e->c.name));
	if (e->c.description)
		json_object_set_new(s, "description", json_string(e->c.description));
	json_object_set_new(s, "type", json_string("object"));
	json_object_set_new(s, "required", jpack("[s,s,s,s,s,s,s,s,s]", "detail-type", "resources", "detail",
						      "id", "source", "time", "region", "version", "account"));
	json_t *props = json_object();
	json_object_set_new(props, "account", jpack("{s:s}", "type", "string"));
	json_object_set_new(props, "detail", fields_schema(e->fields, e->n_fields));
	json_object_set_new(props, "detail-type", jpack("{s:s,s:[s]}", "type", "string", "enum", e->detail_type));
	json_object_set_new(props, "id", jpack("{s:s}", "type", "string"));
	json_object_set_new(props, "region", jpack("{s:s}", "type", "string"));
	json_object_set_new(props, "resources", jpack("{s:s,s:{s:s}}", "type", "array", "items", "type", "string"));
	json_object_set_new(props, "source", jpack("{s:s,s:[s]}", "type", "string", "enum", e->source ? e->source : ""));
	json_object_set_new(props, "time", jpack("{s:s,s:s}", "type", "string", "format", "date-time"));
	json_object_set_new(props, "version", jpack("{s:s}", "type", "string"));
	json_object_set_new(s, "properties", props);
	return s;
}

