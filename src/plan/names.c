/* names.c - derived names, shared by every backend so they agree. */
#include "names.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *names_pascal(struct arena *a, const char *kebab)
{
	size_t n = strlen(kebab);
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	bool up = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)kebab[i];
		if (!isalnum(c)) {
			up = true;
			continue;
		}
		out[o++] = (char)(up ? toupper(c) : c);
		up = false;
	}
	out[o] = '\0';
	return out;
}

static const char *kind_suffix(enum m_kind k)
{
	static const char *const suffix[MK_COUNT] = {
		[MK_KEY] = "Key", [MK_BUS] = "EventBus", [MK_EVENT] = "Schema",
		[MK_QUEUE] = "Queue", [MK_TABLE] = "Table", [MK_TOPIC] = "Topic",
		[MK_FUNCTION] = "Function", [MK_RULE] = "Rule", [MK_WORKFLOW] = "StateMachine",
		[MK_STREAM] = "Stream",
		[MK_PIPE] = "Pipe",
		[MK_SCHEDULE] = "Schedule", [MK_CONNECTION] = "Connection", [MK_API] = "ApiDestination",
	};
	return suffix[k];
}

/* Every resource of a component starts with its ID, so it is worked out
 * once and kept in the component. A must live as long as the model:
 * names_fix_ids works every ID out in the model's arena before any plan
 * is made in an arena of its own. */
const char *names_logical_id(struct arena *a, const struct m_comp *c)
{
	if (!c->logical_id)
		((struct m_comp *)c)->logical_id = arena_printf(a, "%s%s", names_pascal(a, c->name), kind_suffix(c->kind));
	return c->logical_id;
}

void names_fix_ids(struct arena *a, const struct m_pattern *m)
{
	/* one array per kind below: a new kind needs its line here */
	_Static_assert(MK_COUNT == 14, "names_fix_ids walks the array of every kind");
#define EACH(arr, n) for (size_t i = 0; i < m->n; i++) names_logical_id(a, &m->arr[i]->c)
	EACH(keys, n_keys);
	EACH(buses, n_buses);
	EACH(events, n_events);
	EACH(queues, n_queues);
	EACH(tables, n_tables);
	EACH(topics, n_topics);
	EACH(functions, n_functions);
	EACH(rules, n_rules);
	EACH(workflows, n_workflows);
	EACH(streams, n_streams);
	EACH(pipes, n_pipes);
	EACH(schedules, n_schedules);
	EACH(connections, n_connections);
	EACH(apis, n_apis);
#undef EACH
	if (m->default_bus)
		names_logical_id(a, &m->default_bus->c);
}

const char *names_placeholder(struct arena *a, const struct m_comp *c, enum m_attr attr)
{
	return arena_printf(a, "%s%s", names_logical_id(a, c), names_pascal(a, model_attr_name(attr)));
}

static unsigned long fnv1a(const char *s)
{
	unsigned long h = 2166136261ul;
	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619ul) & 0xffffffffu;
	return h;
}

const char *names_physical(struct arena *a, const struct m_pattern *m, const char *name, size_t max)
{
	return names_short(a, arena_printf(a, "%s-%s-%s-%s", m->tenant, m->env ? m->env->name : "env", m->name, name), max);
}

const char *names_short(struct arena *a, const char *full, size_t max)
{
	size_t n = strlen(full);
	if (n <= max || max < 16)
		return full;
	char *out = arena_alloc(a, max + 1);
	size_t keep = max - 9;
	memcpy(out, full, keep);
	snprintf(out + keep, 10, "-%08lx", fnv1a(full));
	return out;
}

size_t names_limit(enum m_kind kind)
{
	switch (kind) {
	case MK_QUEUE: return 80;      /* QueueName; .fifo counts */
	case MK_FUNCTION: return 64;   /* FunctionName */
	case MK_TOPIC: return 256;     /* TopicName */
	case MK_TABLE: return 255;     /* TableName */
	case MK_WORKFLOW: return 80;   /* StateMachineName */
	case MK_BUS: return 256;       /* EventBus Name */
	case MK_RULE: return 64;       /* Rule Name */
	case MK_KEY: return 250;       /* alias/ + name <= 256 */
	case MK_EVENT: return 385;     /* SchemaName */
	case MK_STREAM: return 128;    /* Kinesis stream Name */
	case MK_PIPE: return 64;       /* Pipe Name */
	default: return 64;
	}
}

const char *names_component(struct arena *a, const struct m_pattern *m, const struct m_comp *c)
{
	return names_physical(a, m, c->name, names_limit(c->kind));
}

const char *names_bus(struct arena *a, const struct m_pattern *m, const struct m_bus *b)
{
	if (b->origin == BUS_DEFAULT)
		return "default";
	if (b->origin == BUS_OWNED || !b->existing)
		return names_component(a, m, &b->c);
	const char *slash = b->existing_is_arn ? strstr(b->existing, ":event-bus/") : NULL;
	return slash ? slash + strlen(":event-bus/") : b->existing;
}

/* order-buffer -> order_buffer, OrderCreated -> order_created: the form of
 * setting names and of Terraform's resource names. */
const char *names_snake(struct arena *a, const char *name)
{
	size_t n = strlen(name);
	char *s = arena_alloc(a, 2 * n + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '-' || c == '.' || c == ' ') {
			*o++ = '_';
		} else if (c >= 'A' && c <= 'Z') {
			if (i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') || (name[i - 1] >= '0' && name[i - 1] <= '9')))
				*o++ = '_';
			*o++ = (char)(c - 'A' + 'a');
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	return s;
}
