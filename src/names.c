/* names.c - derived names, shared by every backend so they agree. */
#include "names.h"

#include <ctype.h>
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
	};
	return suffix[k];
}

const char *names_logical_id(struct arena *a, const struct m_comp *c)
{
	return arena_printf(a, "%s%s", names_pascal(a, c->name), kind_suffix(c->kind));
}

const char *names_placeholder(struct arena *a, const struct m_comp *c, const char *attr)
{
	return arena_printf(a, "%s%s", names_logical_id(a, c), names_pascal(a, attr));
}
