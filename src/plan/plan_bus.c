/* plan_bus.c - an event bus and what hangs off it: its archive, the
 * schema registry of its events and their discoverer; its audit trail
 * is plan_audit.c's. */
#include "plan_priv.h"
#include "xalloc.h"

#include <stdlib.h>

#include "eventschema.h"

static void plan_schemas(struct pb *b, const struct m_bus *bus)
{
	size_t n = 0;
	for (size_t i = 0; i < b->m->n_events; i++)
		n += b->m->events[i]->bus == bus;
	if (!n && !bus->schema_discovery)
		return;
	const char *reg = pb_id_of(b, &bus->c, "SchemaRegistry");
	struct p_res *r = pb_res(b, reg, PT_SCHEMA_REGISTRY, "SchemaRegistry");
	pb_set(b, r, "Description", S(b, F(b, "Events of bus %s", bus->c.name)));
	pb_set(b, r, "RegistryName", pb_comp_name(b, &bus->c));
	pb_set(b, r, "Tags", pb_tags(b));
	for (size_t i = 0; i < b->m->n_events; i++) {
		const struct m_event *e = b->m->events[i];
		if (e->bus != bus)
			continue;
		json_t *doc = eventschema_json(e);
		struct p_res *s = plan_add(b->p, F(b, "%sSchema", names_pascal(b->a, e->c.name)), PT_SCHEMA, b->owner,
					   "Schema");
		s->loc = e->c.loc;
		s->peer = e->c.name;
		pb_set(b, s, "Content", pv_doc(b->a, pv_from_json(b->a, doc), true));
		json_decref(doc);
		pb_set(b, s, "Description", S(b, e->c.description ? e->c.description
			: F(b, "%s from %s, version %d", e->detail_type, e->source, e->version)));
		pb_set(b, s, "RegistryName", pv_ref(b->a, reg, PA_NAME));
		pb_set(b, s, "SchemaName", S(b, F(b, "%s@%s", e->source, e->detail_type)));
		pb_set(b, s, "Type", S(b, "JSONSchemaDraft4"));
		pb_set(b, s, "Tags", pb_tags(b));
	}
	if (bus->schema_discovery) {
		struct p_res *d = pb_res(b, pb_id_of(b, &bus->c, "Discoverer"), PT_SCHEMA_DISCOVERER, "Discoverer");
		pb_set(b, d, "CrossAccount", B(b, false));
		pb_set(b, d, "Description", S(b, F(b, "Discovers the events on bus %s", bus->c.name)));
		pb_set(b, d, "SourceArn", pb_comp_arn(b, &bus->c));
		pb_set(b, d, "Tags", pb_tags(b));
	}
}

/* The key the bus itself is encrypted with, or NULL for the AWS-owned
 * key. */
const struct m_key *plan_bus_key(const struct m_bus *bus)
{
	return bus->schema_discovery ? NULL : bus->key;
}

struct pv *pb_bus_name(struct pb *b, const struct m_bus *bus)
{
	if (bus->origin == BUS_OWNED)
		return pv_ref(b->a, pb_id(b, &bus->c), PA_NAME);
	/* PutRule takes a bus's name or ARN; an ARN reaches a bus of another
	 * account or Region (EventBridge user guide, "Permissions for event
	 * buses") */
	if (bus->origin == BUS_DEFAULT)
		return S(b, "default");
	/* one variable of the module where the name differs per environment */
	return pv_hint(b->a, S(b, bus->existing ? bus->existing : bus->c.name), F(b, "%s_bus", names_snake(b->a, bus->c.name)));
}

struct pv *pb_bus_arn(struct pb *b, const struct m_bus *bus)
{
	if (bus->origin == BUS_OWNED)
		return pb_comp_arn(b, &bus->c);
	if (bus->origin == BUS_EXISTING && bus->existing_is_arn)
		return pv_hint(b->a, S(b, bus->existing), F(b, "%s_bus", names_snake(b->a, bus->c.name)));
	struct pv *name = S(b, names_bus(b->a, b->m, bus));
	if (bus->origin == BUS_EXISTING)
		name = pv_hint(b->a, name, F(b, "%s_bus", names_snake(b->a, bus->c.name)));
	return pb_arn(b, "events", "event-bus/", name, NULL);
}

bool plan_bus_declared(const struct m_pattern *m, const struct m_bus *bus)
{
	for (size_t i = 0; i < m->n_buses; i++)
		if (m->buses[i] == bus)
			return true;
	return false;
}

void plan_bus(struct pb *b, const struct m_bus *bus)
{
	/* the default bus and existing buses are used, not created: only the
	 * schemas of the events declared on them are the pattern's */
	if (bus->origin != BUS_OWNED) {
		plan_schemas(b, bus);
		return;
	}
	const char *id = pb_id(b, &bus->c);
	struct p_res *r = pb_res(b, id, PT_EVENT_BUS, "");
	pb_set(b, r, "Description", S(b, bus->c.description ? bus->c.description
		: F(b, "Event bus %s of pattern %s", bus->c.name, b->m->name)));
	/* EventBridge discovers no schemas on a bus under a customer-managed
	 * key (CreateDiscoverer fails): such a bus stays on the AWS-owned key,
	 * while its archive and audit trail keep the pattern's (check refuses
	 * an explicit kms_key there, E0615) */
	const struct m_key *key = plan_bus_key(bus);
	if (key) {
		/* what the bus cannot encrypt or deliver under its key goes to a
		 * dead-letter queue, as AWS recommends for such a bus */
		const char *dlq = pb_id_of(b, &bus->c, "DeadLetterQueue");
		pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-bus-dlq", bus->c.name), false, KS_EVENTS);
		pb_dead_letter_policy(b, pb_id_of(b, &bus->c, "DeadLetterQueuePolicy"), "DeadLetterQueuePolicy", dlq,
				      F(b, "DeadLettersFrom%s", id), "events.amazonaws.com", pb_comp_arn(b, &bus->c));
		struct pv *dc = pv_map(b->a);
		pv_set(b->a, dc, "Arn", pv_ref(b->a, dlq, PA_ARN));
		pb_set(b, r, "DeadLetterConfig", dc);
		pb_set(b, r, "KmsKeyIdentifier", pb_key_arn(b, key));
	}
	pb_set(b, r, "Name", pb_comp_name(b, &bus->c));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_key_use(b, key, KS_EVENTS, id);
	if (bus->archive) {
		const char *aid = pb_id_of(b, &bus->c, "Archive");
		struct p_res *ar = pb_res(b, aid, PT_EVENT_ARCHIVE, "Archive");
		pb_set(b, ar, "ArchiveName", pb_name(b, bus->c.name, 48));
		pb_set(b, ar, "Description", S(b, F(b, "Replayable archive of bus %s", bus->c.name)));
		if (bus->key)
			pb_set(b, ar, "KmsKeyIdentifier", pb_key_arn(b, bus->key));
		pb_key_use(b, bus->key, KS_EVENTS, aid);
		pb_set(b, ar, "RetentionDays", pv_hint(b->a, I(b, bus->archive_retention_days), "archive_retention_days"));
		pb_set(b, ar, "SourceArn", pb_comp_arn(b, &bus->c));
	}
	plan_schemas(b, bus);
	if (bus->audit)
		plan_audit(b, bus);
}
