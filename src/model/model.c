/* model.c - the few functions of the checked model itself, apart from
 * sema so that a backend or test links them without the front end's
 * parse-tree types. */
#include "model.h"

const char *model_kind_name(enum m_kind k)
{
	static const char *const names[MK_COUNT] = {
		[MK_KEY] = "key", [MK_BUS] = "bus", [MK_EVENT] = "event", [MK_QUEUE] = "queue",
		[MK_TABLE] = "table", [MK_TOPIC] = "topic", [MK_FUNCTION] = "function",
		[MK_RULE] = "rule", [MK_WORKFLOW] = "workflow", [MK_STREAM] = "stream",
		[MK_PIPE] = "pipe",
		[MK_SCHEDULE] = "schedule", [MK_CONNECTION] = "connection", [MK_API] = "api",
	};
	return names[k];
}

bool m_param_list_reads_path(const struct m_param *p)
{
	for (size_t i = 0; i < p->n_children; i++)
		if (p->children[i].kind == MP_PATH ||
		    (p->children[i].kind == MP_LIST && m_param_list_reads_path(&p->children[i])))
			return true;
	return false;
}

const char *model_attr_name(enum m_attr a)
{
	static const char *const names[MA_COUNT] = {
		[MA_ARN] = "arn", [MA_NAME] = "name", [MA_URL] = "url", [MA_ID] = "id",
		[MA_STREAM_ARN] = "stream_arn", [MA_ALIAS] = "alias",
	};
	return names[a];
}

void model_free(struct m_pattern *m)
{
	if (m) {
		json_decref(m->json_owner);
		m->json_owner = NULL; /* a build lets it go early, then again at the end */
	}
}
