/* sema_sns.c - SNS subscriptions' filter policies against what is
 * published to their topics. A filter on message attributes passes only
 * messages that carry the attributes it names ("Amazon SNS message
 * filtering"): a publisher that never sets one feeds the subscription
 * nothing (W0702, noted at the publisher). And message attributes are
 * flat, so a nested key is only allowed with filter_scope = body (E0708). */
#include <string.h>

#include "sema_priv.h"

void sema_check_attribute_filter(const struct m_subscription *sub, struct loc loc)
{
	if (sub->filter_on_body)
		return;
	const char *key;
	json_t *v;
	json_object_foreach(sub->filter, key, v) {
		if (json_is_object(v))
			diag_error(loc, DIAG_SNS_NESTED_ATTRIBUTE, "'%s' is a nested key, but message attributes are "
				   "flat; filter on an attribute, or set filter_scope = body", key);
	}
}

/* Whether the policy's condition on a key lets a message without it pass:
 * [{"exists": false}] does. */
static bool absence_passes(json_t *cond)
{
	size_t i;
	json_t *e;
	json_array_foreach(cond, i, e) {
		json_t *x = json_is_object(e) ? json_object_get(e, "exists") : NULL;
		if (x && json_is_false(x))
			return true;
	}
	return false;
}

static bool has_name(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The attribute names of a publish state's attributes = { ... }. */
static bool state_sets(const struct m_state *st, const char *name)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++) {
		const struct m_param *a = &st->args->children[i];
		if (strcmp(a->key, "attributes") != 0 || a->kind != MP_MAP)
			continue;
		for (size_t k = 0; k < a->n_children; k++)
			if (!strcmp(a->children[k].key, name))
				return true;
	}
	return false;
}

static bool graph_publishes(const struct m_graph *g, const struct m_topic *t)
{
	for (size_t i = 0; g && i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		if (st->kind == ST_TASK && st->action == TA_PUBLISH && st->target == &t->c)
			return true;
		if (graph_publishes(st->iterator, t))
			return true;
		for (size_t k = 0; k < st->n_branches; k++)
			if (graph_publishes(st->branches[k], t))
				return true;
	}
	return false;
}

static void report(const struct m_topic *t, const struct m_subscription *sub, const char *key, bool *said)
{
	if (*said)
		return;
	*said = true;
	diag_warning(sub->loc, DIAG_SNS_FILTER_UNSET, "this subscription to topic '%s' filters on message "
		     "attribute '%s', which a publisher to the topic never sets: it gets none of its messages",
		     t->c.name, key);
}

static void check_graph(const struct m_graph *g, const struct m_topic *t, const struct m_subscription *sub,
			const char *key, bool *said)
{
	for (size_t i = 0; g && i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		for (size_t k = 0; k < st->n_branches; k++)
			check_graph(st->branches[k], t, sub, key, said);
		check_graph(st->iterator, t, sub, key, said);
		if (st->kind != ST_TASK || st->action != TA_PUBLISH || st->target != &t->c || st->parameters ||
		    state_sets(st, key))
			continue;
		report(t, sub, key, said);
		diag_note(st->loc, "state '%s' publishes to '%s' without it; set it: attributes = { %s = ... }",
			  st->name, t->c.name, key);
	}
}

static void check_key(struct sema *s, const struct m_topic *t, const struct m_subscription *sub, const char *key)
{
	bool said = false;
	for (size_t i = 0; i < s->m->n_workflows; i++)
		check_graph(&s->m->workflows[i]->graph, t, sub, key, &said);
	for (size_t i = 0; i < s->m->n_functions; i++) {
		const struct m_function *f = s->m->functions[i];
		for (size_t k = 0; k < f->n_grants; k++) {
			const struct m_grant *g = &f->grants[k];
			if (g->access != ACC_PUBLISH || g->comp != &t->c || !g->declares_attributes ||
			    has_name(g->attributes, g->n_attributes, key))
				continue;
			report(t, sub, key, &said);
			diag_note(g->loc, "function '%s' publishes to '%s' with attributes that do not include it",
				  f->c.name, t->c.name);
		}
	}
}

/* Whether anything but rules publishes to T: then its bodies are not
 * only events. */
static bool other_publishers(const struct sema *s, const struct m_topic *t);

/* EventBridge delivers the event itself as an SNS message body: a filter
 * on the body of a topic that only rules publish to (without an input
 * path or transformer, which reshape it) tests their events' fields. */
static void check_body_filters(struct sema *s)
{
	for (size_t i = 0; i < s->body_filters.n; i++) {
		const struct body_filter *bf = s->body_filters.items[i];
		if (other_publishers(s, bf->topic))
			continue;
		struct vec events = { 0 };
		bool whole = true;
		for (size_t r = 0; r < s->m->n_rules; r++) {
			const struct m_rule *rule = s->m->rules[r];
			for (size_t k = 0; k < rule->n_targets; k++) {
				const struct m_target *tg = &rule->targets[k];
				if (tg->kind != TGT_TOPIC || tg->comp != &bf->topic->c)
					continue;
				whole &= !tg->input_path && !tg->input_template && !tg->input_paths.n;
				for (size_t e = 0; e < rule->n_events; e++)
					vec_push(s->a, &events, rule->events[e]);
			}
		}
		if (whole && events.n)
			sema_check_body_filter(s, bf->block, (struct m_event **)events.items, events.n);
	}
}

void sema_check_topic_filters(struct sema *s)
{
	check_body_filters(s);
	for (size_t i = 0; i < s->m->n_topics; i++) {
		const struct m_topic *t = s->m->topics[i];
		for (size_t k = 0; k < t->n_subs; k++) {
			const struct m_subscription *sub = &t->subs[k];
			if (!sub->filter || sub->filter_on_body)
				continue;
			const char *key;
			json_t *cond;
			json_object_foreach(sub->filter, key, cond) {
				if (key[0] != '$' && json_is_array(cond) && !absence_passes(cond))
					check_key(s, t, sub, key);
			}
		}
	}
}

static bool other_publishers(const struct sema *s, const struct m_topic *t)
{
	for (size_t i = 0; i < s->m->n_functions; i++)
		for (size_t k = 0; k < s->m->functions[i]->n_grants; k++)
			if (s->m->functions[i]->grants[k].access == ACC_PUBLISH &&
			    s->m->functions[i]->grants[k].comp == &t->c)
				return true;
	for (size_t i = 0; i < s->m->n_workflows; i++)
		if (graph_publishes(&s->m->workflows[i]->graph, t))
			return true;
	return false;
}
