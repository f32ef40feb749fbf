/* sema_workflow.c - workflows as state graphs: states of every kind,
 * transitions, reachability, termination, express restrictions, and choice
 * conditions typed against the events that start the workflow. */
#include <stdlib.h>
#include <string.h>

#include "misspell.h"
#include "xalloc.h"
#include "sema_priv.h"

static const char *const state_kinds[] = {
	"task", "choice", "wait", "parallel", "map", "pass", "succeed", "fail", NULL
};

struct wctx {
	struct sema *s;
	struct m_workflow *w;
	struct vec all;          /* every state of the workflow, for names */
	bool mixed_inputs;
	struct vec written;      /* result_path targets: data the states add */
	unsigned in_map;         /* inside a map's 'do': the input is an item */
};

/* ---- parameters ---- */

static struct m_param *param_tree(struct wctx *c, const char *key, const struct ast_value *v);

static void param_value(struct wctx *c, struct m_param *p, const struct ast_value *v)
{
	v = sema_eval(c->s, v);
	if (!v) {
		p->kind = MP_LITERAL;
		p->literal = sema_own(c->s, json_null());
		return;
	}
	if (v->kind == AV_JSONPATH) {
		p->kind = MP_PATH;
		p->path = v->u.str;
	} else if (v->kind == AV_MAP) {
		p->kind = MP_MAP;
		size_t n = 0;
		for (const struct ast_item *it = v->u.map; it; it = it->next)
			n++;
		p->children = arena_alloc(c->s->a, (n + 1) * sizeof *p->children);
		for (const struct ast_item *it = v->u.map; it; it = it->next) {
			const char *k = ast_path_string(c->s->a, &it->key);
			for (size_t i = 0; i < p->n_children; i++)
				if (!strcmp(p->children[i].key, k))
					diag_error(it->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice", k);
			struct m_param *child = param_tree(c, k, it->value);
			child->loc = it->loc;
			p->children[p->n_children++] = *child;
		}
	} else {
		json_t *j = sema_value_json(c->s, v);
		p->kind = MP_LITERAL;
		p->literal = sema_own(c->s, j ? j : json_null());
		json_decref(j);
	}
}

static struct m_param *param_tree(struct wctx *c, const char *key, const struct ast_value *v)
{
	struct m_param *p = arena_alloc(c->s->a, sizeof *p);
	p->key = key;
	p->loc = v->loc;
	param_value(c, p, v);
	return p;
}

/* A block's attributes as a MAP parameter. */
static struct m_param *block_params(struct wctx *c, const struct ast_block *b, const char *const *allowed,
				    const char *what)
{
	if (!b)
		return NULL;
	struct view v;
	view_open(c->s, &v, b, allowed, NULL, what);
	size_t n = 0;
	for (const struct ast_item *it = b->items; it; it = it->next)
		n++;
	struct m_param *p = arena_alloc(c->s->a, sizeof *p);
	p->kind = MP_MAP;
	p->loc = b->loc;
	p->children = arena_alloc(c->s->a, (n + 1) * sizeof *p->children);
	for (size_t i = 0; allowed[i]; i++) {
		const struct ast_item *it = view_attr(&v, allowed[i]);
		if (!it)
			continue;
		struct m_param *child = param_tree(c, allowed[i], it->value);
		child->loc = it->loc;
		p->children[p->n_children++] = *child;
	}
	return p;
}

/* ---- states ---- */

static void graph_build(struct wctx *c, const struct ast_block *b, struct m_graph *g, bool top);

static bool is_state_item(const struct ast_item *it)
{
	for (int i = 0; it->kind == AI_STMT && state_kinds[i]; i++)
		if (!strcmp(state_kinds[i], it->head))
			return true;
	return false;
}

/* Whether block B declares a state. A state dropped for an error (a
 * duplicate name) still counts, so that no "empty" error follows it. */
static bool declares_states(const struct ast_block *b)
{
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next)
		if (is_state_item(it))
			return true;
	return false;
}

static const char *path_attr(struct wctx *c, const struct view *v, const char *name)
{
	const char *p = NULL;
	get_jsonpath(c->s, view_value(v, name), name, &p);
	return p;
}

static void common_paths(struct wctx *c, struct m_state *st, const struct view *v)
{
	st->input_path = path_attr(c, v, "input_path");
	st->output_path = path_attr(c, v, "output_path");
	const struct ast_value *rp = view_value(v, "result_path");
	if (rp && rp->kind == AV_IDENT && !strcmp(rp->u.str, "discard"))
		st->result_path_null = true;
	else
		st->result_path = path_attr(c, v, "result_path");
	get_string(c->s, view_value(v, "comment"), "comment", &st->comment);
	const struct ast_value *params = view_value(v, "parameters");
	if (params) {
		if (params->kind != AV_MAP)
			diag_error(params->loc, DIAG_TYPE, "parameters is a map { key = value }");
		else
			st->parameters = param_tree(c, NULL, params);
	}
	const struct ast_value *sel = view_value(v, "result_selector");
	if (sel) {
		if (sel->kind != AV_MAP)
			diag_error(sel->loc, DIAG_TYPE, "result_selector is a map { key = $.path }");
		else
			st->result_selector = param_tree(c, NULL, sel);
	}
}

static void set_next(struct wctx *c, struct m_state *st, const char *name, struct loc loc)
{
	if (st->next_name || st->end) {
		diag_error(loc, DIAG_BAD_STATEMENT, "state '%s' already says where it goes", st->name);
		return;
	}
	st->next_name = name;
	st->next_loc = loc;
	(void)c;
}

/* A `-> name` word spans the arrow too; messages about the target point
 * at the name, which ends the word. */
static struct loc arrow_target_loc(const struct ast_value *arrow)
{
	struct loc l = arrow->loc;
	size_t len = strlen(arrow->u.str);
	if (l.end - l.start > len)
		l.start = l.end - (uint32_t)len;
	return l;
}

static const char **error_list(struct wctx *c, const struct ast_value *w, size_t *n)
{
	static const char *all[] = { "States.ALL" };
	const char **out = NULL;
	if (w && w->kind == AV_LIST) {
		if (!get_string_list(c->s, w, "an error list", &out, n))
			return out;
		if (*n == 0)
			diag_error(w->loc, DIAG_BAD_VALUE, "an empty error list; leave it out to mean [\"States.ALL\"]");
		for (size_t i = 0; i < *n; i++)
			if (!strcmp(out[i], "States.ALL") && *n > 1)
				diag_error(w->loc, DIAG_BAD_VALUE, "\"States.ALL\" must stand alone in its list");
		return out;
	}
	*n = 1;
	return all;
}

/* retry [errors] { interval = 2s, max_attempts = 3, backoff = 2.0, max_delay = 1m, jitter = full } */
static void build_retry(struct wctx *c, struct m_state *st, const struct ast_item *it, struct vec *out)
{
	static const char *const attrs[] = { "interval", "max_attempts", "backoff", "max_delay", "jitter", NULL };
	static const char *const jitters[] = { "full", "none", NULL };
	struct m_retry *r = arena_alloc(c->s->a, sizeof *r);
	r->loc = it->loc;
	const struct ast_value *w = it->words;
	if (w && (w->kind != AV_LIST || w->next))
		diag_error(w->kind == AV_LIST ? w->next->loc : w->loc, DIAG_BAD_STATEMENT,
			   "retry is written: retry [\"Error\", ...] { interval = 2s ... }");
	r->errors = error_list(c, w && w->kind == AV_LIST ? w : NULL, &r->n_errors);
	r->interval_s = r->max_attempts = r->max_delay_s = -1;
	r->backoff = -1;
	struct view v;
	view_open(c->s, &v, it->block, attrs, NULL, "a retry");
	get_seconds(c->s, view_value(&v, "interval"), "retry interval", 1, 99999999, DIAG_RANGE, &r->interval_s);
	long long n;
	if (get_int(c->s, view_value(&v, "max_attempts"), "max_attempts", 0, 99999999, DIAG_RANGE, &n))
		r->max_attempts = (int)n;
	double b;
	if (get_number(c->s, view_value(&v, "backoff"), "backoff", &b)) {
		if (b < 1.0 || b > 1000)
			diag_error(view_attr(&v, "backoff")->value->loc, DIAG_RANGE, "backoff must be 1.0 to 1000");
		else
			r->backoff = b;
	}
	get_seconds(c->s, view_value(&v, "max_delay"), "max_delay", 1, 31622400, DIAG_RANGE, &r->max_delay_s);
	const char *j = NULL;
	if (get_choice(c->s, view_value(&v, "jitter"), "jitter", jitters, &j))
		r->jitter = j[0] == 'f' ? "FULL" : "NONE";
	vec_push(c->s->a, out, r);
	(void)st;
}

/* catch [errors] -> state [{ result_path = $.error }] */
static void build_catch(struct wctx *c, struct m_state *st, const struct ast_item *it, struct vec *out)
{
	static const char *const attrs[] = { "result_path", NULL };
	struct m_catch *k = arena_alloc(c->s->a, sizeof *k);
	k->loc = it->loc;
	const struct ast_value *w = it->words, *errs = NULL, *arrow = NULL;
	for (; w; w = w->next) {
		if (w->kind == AV_LIST && !errs && !arrow)
			errs = w;
		else if (w->kind == AV_ARROW && !arrow)
			arrow = w;
		else
			diag_error(w->loc, DIAG_BAD_STATEMENT, "catch is written: catch [\"Error\", ...] -> state");
	}
	if (!arrow) {
		diag_error(it->loc, DIAG_BAD_STATEMENT, "catch needs a target: catch [\"States.ALL\"] -> handle-error");
		return;
	}
	k->errors = error_list(c, errs, &k->n_errors);
	k->next_name = arrow->u.str;
	k->next_loc = arrow_target_loc(arrow);
	struct view v;
	view_open(c->s, &v, it->block, attrs, NULL, "a catch");
	const struct ast_value *rp = view_value(&v, "result_path");
	get_jsonpath(c->s, rp, "result_path", &k->result_path);
	vec_push(c->s->a, out, k);
	(void)st;
}

static const struct ast_value *expect_kind(struct wctx *c, const struct ast_item *it, const struct ast_value *w,
					   const char *kind)
{
	if (!w || w->kind != AV_IDENT || strcmp(w->u.str, kind) != 0) {
		diag_error(w ? w->loc : it->loc, DIAG_TASK_ACTION, "expected '%s %s NAME'", it->head, kind);
		return NULL;
	}
	if (!w->next || w->next->kind != AV_IDENT) {
		diag_error(w->loc, DIAG_TASK_ACTION, "'%s %s' needs a name", it->head, kind);
		return NULL;
	}
	return w->next;
}

static void express_check(struct wctx *c, struct loc loc, const char *what)
{
	if (c->w->express)
		diag_error(loc, DIAG_EXPRESS_TASK, "%s is not allowed in express workflow '%s'", what, c->w->c.name);
}

static void report_flag(const struct ast_value *w, bool token_ok, bool sync_ok)
{
	const char *allowed = token_ok ? "; only wait_for_token may follow it"
		: sync_ok ? "; only sync may follow it" : "";
	if (w->kind == AV_IDENT)
		diag_error(w->loc, DIAG_TASK_ACTION, "unexpected '%s' after the task's target%s", w->u.str, allowed);
	else
		diag_error(w->loc, DIAG_TASK_ACTION, "%s is not expected after the task's target%s",
			   ast_vkind_name(w->kind), allowed);
}

/* Trailing flags after the action's names: wait_for_token, sync. */
static void action_flags(struct wctx *c, struct m_state *st, const struct ast_value *w, bool token_ok, bool sync_ok)
{
	for (; w; w = w->next) {
		if (w->kind == AV_IDENT && !strcmp(w->u.str, "wait_for_token") && token_ok) {
			st->wait_for_token = true;
			express_check(c, w->loc, "wait_for_token");
		} else if (w->kind == AV_IDENT && !strcmp(w->u.str, "sync") && sync_ok) {
			st->sync = true;
			express_check(c, w->loc, "a .sync task (start workflow ... sync)");
		} else {
			report_flag(w, token_ok, sync_ok);
		}
	}
}

static bool build_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const invoke_args[] = { "payload", NULL };
	static const char *const publish_args[] = { "message", "subject", NULL };
	static const char *const send_args[] = { "message", "message_group_id", NULL };
	static const char *const put_args[] = { "item", NULL };
	static const char *const get_args[] = { "key", NULL };
	static const char *const emit_args[] = { "detail", NULL };
	static const char *const start_args[] = { "input", NULL };
	struct sema *s = c->s;
	const struct ast_value *w = it->words, *name;
	const char *h = it->head;
	if (!strcmp(h, "invoke")) {
		if (!(name = expect_kind(c, it, w, "function")))
			return true;
		st->action = TA_INVOKE;
		st->target = sema_lookup(s, MK_FUNCTION, name->u.str, name->loc);
		action_flags(c, st, name->next, true, false);
		st->args = block_params(c, it->block, invoke_args, "invoke");
	} else if (!strcmp(h, "publish")) {
		if (!(name = expect_kind(c, it, w, "topic")))
			return true;
		st->action = TA_PUBLISH;
		st->target = sema_lookup(s, MK_TOPIC, name->u.str, name->loc);
		action_flags(c, st, name->next, true, false);
		st->args = block_params(c, it->block, publish_args, "publish");
	} else if (!strcmp(h, "send")) {
		if (!(name = expect_kind(c, it, w, "queue")))
			return true;
		st->action = TA_SEND;
		st->target = sema_lookup(s, MK_QUEUE, name->u.str, name->loc);
		action_flags(c, st, name->next, true, false);
		st->args = block_params(c, it->block, send_args, "send");
	} else if (!strcmp(h, "put") || !strcmp(h, "get")) {
		if (!w || w->kind != AV_IDENT || strcmp(w->u.str, "item") != 0) {
			diag_error(w ? w->loc : it->loc, DIAG_TASK_ACTION, "expected '%s item TABLE'", h);
			return true;
		}
		if (!w->next || w->next->kind != AV_IDENT) {
			diag_error(w->loc, DIAG_TASK_ACTION, "'%s item' needs a table name", h);
			return true;
		}
		name = w->next;
		st->action = h[0] == 'p' ? TA_PUT_ITEM : TA_GET_ITEM;
		st->target = sema_lookup(s, MK_TABLE, name->u.str, name->loc);
		action_flags(c, st, name->next, false, false);
		st->args = block_params(c, it->block, h[0] == 'p' ? put_args : get_args, h);
		if (!st->args || st->args->n_children == 0)
			diag_error(it->loc, DIAG_TASK_ACTION, "'%s item' needs { %s = { ... } }", h,
				   h[0] == 'p' ? "item" : "key");
	} else if (!strcmp(h, "emit")) {
		/* emit event E on bus B */
		if (!(name = expect_kind(c, it, w, "event")))
			return true;
		st->action = TA_EMIT;
		st->event = (struct m_event *)sema_lookup(s, MK_EVENT, name->u.str, name->loc);
		const struct ast_value *on = name->next;
		if (on && on->kind == AV_IDENT && !strcmp(on->u.str, "on") && on->next && on->next->next &&
		    on->next->kind == AV_IDENT && !strcmp(on->next->u.str, "bus") && on->next->next->kind == AV_IDENT) {
			const struct ast_value *bn = on->next->next;
			st->bus = (struct m_bus *)sema_lookup(s, MK_BUS, bn->u.str, bn->loc);
			action_flags(c, st, bn->next, false, false);
		} else if (!on && st->event && st->event->bus) {
			st->bus = st->event->bus;
		} else {
			diag_error(on ? on->loc : name->loc, DIAG_TASK_ACTION, "expected 'emit event E on bus B'");
		}
		st->target = st->bus ? &st->bus->c : NULL;
		st->args = block_params(c, it->block, emit_args, "emit");
	} else if (!strcmp(h, "start")) {
		if (!(name = expect_kind(c, it, w, "workflow")))
			return true;
		st->action = TA_START_WORKFLOW;
		st->target = sema_lookup(s, MK_WORKFLOW, name->u.str, name->loc);
		if (st->target == &c->w->c)
			diag_error(name->loc, DIAG_TASK_ACTION, "workflow '%s' starts itself", c->w->c.name);
		action_flags(c, st, name->next, false, true);
		st->args = block_params(c, it->block, start_args, "start");
	} else {
		return false;
	}
	return true;
}

static const char *const task_attrs[] = {
	"timeout", "heartbeat", "input_path", "output_path", "result_path", "parameters",
	"result_selector", "comment", NULL
};

static void finish_lists(struct wctx *c, struct m_state *st, struct vec *retries, struct vec *catches)
{
	st->retries = arena_alloc(c->s->a, (retries->n + 1) * sizeof *st->retries);
	for (size_t i = 0; i < retries->n; i++)
		st->retries[i] = *(struct m_retry *)retries->items[i];
	st->n_retries = retries->n;
	st->catches = arena_alloc(c->s->a, (catches->n + 1) * sizeof *st->catches);
	for (size_t i = 0; i < catches->n; i++)
		st->catches[i] = *(struct m_catch *)catches->items[i];
	st->n_catches = catches->n;
}

/* Statements every state kind shares: -> next, end, retry, catch. Returns
 * false for statements it does not know. */
static bool common_stmt(struct wctx *c, struct m_state *st, const struct ast_item *it,
			struct vec *retries, struct vec *catches, bool can_retry)
{
	if (it->kind == AI_GOTO) {
		set_next(c, st, it->target, it->target_loc);
		return true;
	}
	if (it->kind != AI_STMT)
		return false;
	if (!strcmp(it->head, "end")) {
		if (it->words || it->block)
			diag_error(it->loc, DIAG_BAD_STATEMENT, "'end' stands alone");
		if (st->next_name)
			diag_error(it->loc, DIAG_BAD_STATEMENT, "state '%s' has both a transition and 'end'", st->name);
		st->end = true;
		return true;
	}
	if (can_retry && !strcmp(it->head, "retry")) {
		build_retry(c, st, it, retries);
		return true;
	}
	if (can_retry && !strcmp(it->head, "catch")) {
		build_catch(c, st, it, catches);
		return true;
	}
	return false;
}

/* What a branch or 'do' block holds besides states. (A state's own block
 * goes through view_open, which reports what it does not know.) */
static void unknown_branch_stmt(const struct ast_item *it)
{
	if (it->kind == AI_WHEN) {
		diag_error(it->loc, DIAG_BAD_STATEMENT, "'when' belongs in a choice state");
		return;
	}
	if (it->kind != AI_STMT)
		return;
	const char *hint = misspell_suggest(it->head, state_kinds);
	if (hint)
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown state kind '%s'; did you mean '%s'?",
			   it->head, hint);
	else
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown state kind '%s'; a branch holds states: %s",
			   it->head, "task, choice, wait, parallel, map, pass, succeed or fail");
}

static void build_task(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const known[] = { "invoke", "publish", "send", "put", "get", "emit", "start",
					     "retry", "catch", "end", "->", NULL };
	struct vec retries = { 0 }, catches = { 0 };
	struct view v;
	view_open(c->s, &v, item->block, task_attrs, known, "a task");
	const struct ast_item *action = NULL;
	bool unknown = false;
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next) {
		if (it->kind == AI_ATTR || common_stmt(c, st, it, &retries, &catches, true))
			continue;
		if (it->kind == AI_STMT && build_action(c, st, it)) {
			if (action) {
				diag_error(it->head_loc, DIAG_TASK_ACTION, "task '%s' does a second thing; a task does one",
					   st->name);
				diag_note(action->head_loc, "the first is here");
			}
			action = it;
			continue;
		}
		unknown |= it->kind == AI_STMT; /* reported by view_open */
	}
	/* an unknown statement may be the action misspelt (invok function f) */
	if (!action && !unknown)
		diag_error(st->loc, DIAG_TASK_ACTION, "task '%s' does nothing; give it an action such as "
			   "'invoke function NAME'", st->name);
	common_paths(c, st, &v);
	get_seconds(c->s, view_value(&v, "timeout"), "task timeout", 1, 99999999, DIAG_RANGE, &st->timeout_s);
	get_seconds(c->s, view_value(&v, "heartbeat"), "heartbeat", 1, 99999999, DIAG_RANGE, &st->heartbeat_s);
	if (st->heartbeat_s && st->timeout_s && st->heartbeat_s >= st->timeout_s)
		diag_error(view_attr(&v, "heartbeat")->value->loc, DIAG_RANGE,
			   "heartbeat (%ds) must be shorter than the timeout (%ds)", st->heartbeat_s, st->timeout_s);
	finish_lists(c, st, &retries, &catches);
}

/* ---- choice conditions ---- */

/* The declared type of the field that PATH reads, through the input path
 * of the rules that start the workflow. FIELD gets the declaration. */
/* Whether PATH reads what a state wrote (a result_path), not the event. */
static bool written_by_state(const struct wctx *c, const char *path)
{
	for (size_t i = 0; i < c->written.n; i++) {
		const char *w = c->written.items[i];
		size_t n = strlen(w);
		if (!strncmp(path, w, n) && (path[n] == '\0' || path[n] == '.' || path[n] == '['))
			return true;
	}
	return false;
}

/* Collects every result_path of the states in B, nested blocks too, so that
 * conditions may read them whatever the order the states are written in. */
static void collect_written(struct wctx *c, const struct ast_block *b)
{
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next) {
		if (it->kind == AI_ATTR && it->key.n == 1 && !strcmp(it->key.parts[0], "result_path") &&
		    (it->value->kind == AV_JSONPATH || it->value->kind == AV_STRING) && it->value->u.str[0] == '$' &&
		    it->value->u.str[1] != '\0')
			vec_push(c->s->a, &c->written, (void *)it->value->u.str);
		else if (it->kind == AI_STMT)
			collect_written(c, it->block);
	}
}

static bool input_field(struct wctx *c, const char *path, struct loc loc, const struct m_field **field,
			enum m_cmp_type *type)
{
	*field = NULL;
	*type = CT_UNKNOWN;
	struct m_workflow *w = c->w;
	if (w->n_input_events == 0 || c->mixed_inputs || c->in_map || written_by_state(c, path))
		return true;
	const char *parts[34];
	size_t n = 0;
	char buf[512];
	const char *prefix = w->input_path ? w->input_path : "$";
	snprintf(buf, sizeof buf, "%s%s", prefix, path + 1);
	/* split $.a.b[0].c into a, b, c; indexes are skipped */
	for (char *p = buf + 1; *p && n < 32;) {
		if (*p == '.') {
			char *start = ++p;
			while (*p && *p != '.' && *p != '[')
				p++;
			char save = *p;
			*p = '\0';
			parts[n++] = arena_strdup(c->s->a, start);
			*p = save;
		} else if (*p == '[') {
			while (*p && *p != ']')
				p++;
			if (*p)
				p++;
		} else {
			return true; /* not a plain path; nothing to check */
		}
	}
	if (n == 0)
		return true;
	if (strcmp(parts[0], "detail") != 0) {
		static const char *const envelope[] = { "version", "id", "detail-type", "source", "account",
							"time", "region", "resources", NULL };
		for (size_t i = 0; envelope[i]; i++) {
			if (!strcmp(parts[0], envelope[i])) {
				*type = !strcmp(parts[0], "time") ? CT_TIMESTAMP : CT_STRING;
				return true;
			}
		}
		diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'",
			   path, w->c.name);
		return false;
	}
	if (n == 1)
		return true;
	for (size_t i = 0; i < w->n_input_events; i++) {
		const struct m_field *f = sema_event_field(w->input_events[i], parts + 1, n - 1);
		if (!f)
			continue;
		*field = f;
		switch (f->type) {
		case FT_STRING: *type = CT_STRING; break;
		case FT_NUMBER: case FT_INTEGER: *type = CT_NUMBER; break;
		case FT_BOOLEAN: *type = CT_BOOLEAN; break;
		case FT_TIMESTAMP: *type = CT_TIMESTAMP; break;
		default: *type = CT_UNKNOWN; break;
		}
		return true;
	}
	struct misspell m;
	misspell_init(&m, parts[n - 1]);
	for (size_t i = 0; i < w->n_input_events; i++) {
		const struct m_event *e = w->input_events[i];
		const struct m_field *parent = n > 2 ? sema_event_field(e, parts + 1, n - 2) : NULL;
		struct m_field *const *fields = n > 2 ? (parent ? parent->fields : NULL) : e->fields;
		size_t nf = n > 2 ? (parent ? parent->n_fields : 0) : e->n_fields;
		for (size_t k = 0; k < nf; k++)
			misspell_consider(&m, fields[k]->name);
	}
	const char *hint = misspell_best(&m);
	if (hint)
		diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'; "
			   "did you mean '%s'?", path, w->c.name, hint);
	else
		diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'",
			   path, w->c.name);
	return false;
}

static const char *cmp_type_name(enum m_cmp_type t)
{
	static const char *const names[] = { "a string", "a number", "a boolean", "a timestamp", "unknown" };
	return names[t];
}

static bool looks_like_timestamp(const char *s)
{
	/* 2026-01-31T12:00:00Z and the like (RFC 3339) */
	size_t n = strlen(s);
	return n >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':';
}

static void type_mismatch(struct loc loc, const char *path, enum m_cmp_type field, enum m_cmp_type value,
			  const struct m_field *f)
{
	diag_error(loc, DIAG_CHOICE_TYPE, "'%s' is %s, but it is compared with %s", path,
		   cmp_type_name(field), cmp_type_name(value));
	if (f)
		diag_note(f->loc, "'%s' is declared here", f->name);
}

/* The model's operator for OP, here and only here, so that backends need
 * not know the parse tree. TURNED: the operands were swapped to put the
 * path on the left (`5 < $.n` is `$.n > 5`). */
static enum m_cmp model_cmp(enum ast_cmp op, bool turned)
{
	static const enum m_cmp as_written[] = { [CMP_EQ] = MCMP_EQ, [CMP_NE] = MCMP_NE, [CMP_LT] = MCMP_LT,
						 [CMP_LE] = MCMP_LE, [CMP_GT] = MCMP_GT, [CMP_GE] = MCMP_GE };
	static const enum m_cmp swapped[] = { [CMP_EQ] = MCMP_EQ, [CMP_NE] = MCMP_NE, [CMP_LT] = MCMP_GT,
					      [CMP_LE] = MCMP_GE, [CMP_GT] = MCMP_LT, [CMP_GE] = MCMP_LE };
	return turned ? swapped[op] : as_written[op];
}

static struct m_cond *build_cmp(struct wctx *c, const struct ast_expr *e)
{
	struct m_cond *m = arena_alloc(c->s->a, sizeof *m);
	m->kind = MC_CMP;
	m->loc = e->loc;
	const struct ast_value *l = e->lhs, *r = e->rhs;
	bool turned = l->kind != AV_JSONPATH && r->kind == AV_JSONPATH;
	if (turned) {
		const struct ast_value *t = l;
		l = r;
		r = t;
	}
	m->op = model_cmp(e->op, turned);
	if (l->kind != AV_JSONPATH) {
		diag_error(e->loc, DIAG_CHOICE_TYPE, "a condition compares a JSONPath such as $.amount with a value");
		return m;
	}
	m->variable = l->u.str;
	const struct m_field *f;
	enum m_cmp_type ft;
	if (!input_field(c, l->u.str, l->loc, &f, &ft))
		return m;
	enum m_cmp_type vt = CT_UNKNOWN;
	switch (r->kind) {
	case AV_STRING:
		m->rhs_str = r->u.str;
		vt = ft == CT_TIMESTAMP || (ft == CT_UNKNOWN && looks_like_timestamp(r->u.str)) ? CT_TIMESTAMP : CT_STRING;
		if (ft == CT_TIMESTAMP && !looks_like_timestamp(r->u.str))
			diag_error(r->loc, DIAG_CHOICE_TYPE, "'%s' is a timestamp; compare it with an RFC 3339 time "
				   "such as \"2026-01-31T00:00:00Z\"", l->u.str);
		break;
	case AV_NUMBER:
		m->rhs_num = r->u.num.val;
		m->rhs_num_is_int = r->u.num.is_int;
		vt = CT_NUMBER;
		break;
	case AV_BOOL:
		m->rhs_bool = r->u.b;
		vt = CT_BOOLEAN;
		break;
	case AV_JSONPATH: {
		m->rhs_is_path = true;
		m->rhs_path = r->u.str;
		const struct m_field *rf;
		enum m_cmp_type rt;
		if (!input_field(c, r->u.str, r->loc, &rf, &rt))
			return m;
		vt = rt;
		if (ft == CT_UNKNOWN)
			ft = rt;
		if (vt == CT_UNKNOWN)
			vt = ft;
		if (ft == CT_UNKNOWN) {
			diag_error(e->loc, DIAG_CHOICE_TYPE, "cannot tell what type '%s' and '%s' are; compare a path "
				   "with a literal, or declare the fields in an event", l->u.str, r->u.str);
			return m;
		}
		break;
	}
	default:
		diag_error(r->loc, DIAG_CHOICE_TYPE, "a condition compares with a string, number, boolean or JSONPath, "
			   "not %s", ast_vkind_name(r->kind));
		return m;
	}
	if (ft != CT_UNKNOWN && vt != ft) {
		type_mismatch(r->loc, l->u.str, ft, vt, f);
		return m;
	}
	m->type = vt;
	if (vt == CT_BOOLEAN && m->op != MCMP_EQ && m->op != MCMP_NE)
		diag_error(e->loc, DIAG_CHOICE_TYPE, "booleans compare only with == and !=");
	if (f && f->n_enum && r->kind == AV_STRING) {
		bool found = false;
		for (size_t i = 0; i < f->n_enum; i++)
			found |= !strcmp(f->enum_values[i], r->u.str);
		if (!found) {
			const char *hint = misspell_suggest(r->u.str, f->enum_values);
			if (hint)
				diag_error(r->loc, DIAG_CHOICE_TYPE, "\"%s\" is not a value of '%s'; did you mean \"%s\"?",
					   r->u.str, f->name, hint);
			else
				diag_error(r->loc, DIAG_CHOICE_TYPE, "\"%s\" is not a value of '%s'", r->u.str, f->name);
			diag_note(f->loc, "'%s' is declared here", f->name);
		}
	}
	return m;
}

static struct m_cond *build_cond(struct wctx *c, const struct ast_expr *e)
{
	struct m_cond *m;
	switch (e->kind) {
	case AE_AND:
	case AE_OR:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = e->kind == AE_AND ? MC_AND : MC_OR;
		m->loc = e->loc;
		m->l = build_cond(c, e->l);
		m->r = build_cond(c, e->r);
		return m;
	case AE_NOT:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_NOT;
		m->loc = e->loc;
		m->l = build_cond(c, e->l);
		return m;
	case AE_CMP:
		return build_cmp(c, e);
	case AE_MATCHES: {
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_MATCHES;
		m->loc = e->loc;
		m->type = CT_STRING;
		if (e->lhs->kind != AV_JSONPATH) {
			diag_error(e->lhs->loc, DIAG_CHOICE_TYPE, "matches tests a JSONPath: $.name matches \"a*\"");
			return m;
		}
		m->variable = e->lhs->u.str;
		m->rhs_str = e->rhs->u.str;
		const struct m_field *f;
		enum m_cmp_type ft;
		if (input_field(c, m->variable, e->lhs->loc, &f, &ft) && ft != CT_UNKNOWN && ft != CT_STRING)
			type_mismatch(e->rhs->loc, m->variable, ft, CT_STRING, f);
		return m;
	}
	case AE_EXISTS:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_EXISTS;
		m->loc = e->loc;
		m->variable = e->lhs->u.str;
		if (strcmp(e->rhs->u.str, "exists") != 0) {
			const char *fns[] = { "exists", NULL };
			diag_error(e->rhs->loc, DIAG_BAD_STATEMENT, "unknown condition '%s(...)'%s", e->rhs->u.str,
				   misspell_suggest(e->rhs->u.str, fns) ? "; did you mean 'exists'?" : "");
			return m;
		}
		/* a field that no starting event declares can never exist */
		const struct m_field *f;
		enum m_cmp_type ft;
		input_field(c, m->variable, e->lhs->loc, &f, &ft);
		return m;
	}
	return NULL;
}

static void build_choice(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const attrs[] = { "input_path", "output_path", "comment", NULL };
	/* "->" and "end" pass the view: the loop below says what to write */
	static const char *const known[] = { "otherwise", "when", "->", "end", NULL };
	/* `when` arms are AI_WHEN items, allowed by the "when" entry */
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a choice");
	common_paths(c, st, &v);
	struct vec arms = { 0 };
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next) {
		if (it->kind == AI_WHEN) {
			struct m_choice *ch = arena_alloc(c->s->a, sizeof *ch);
			ch->loc = it->loc;
			ch->cond = build_cond(c, it->cond);
			ch->next_name = it->target;
			ch->next_loc = it->target_loc;
			vec_push(c->s->a, &arms, ch);
		} else if (it->kind == AI_STMT && !strcmp(it->head, "otherwise")) {
			const struct ast_value *w = it->words;
			if (!w || w->kind != AV_ARROW || w->next) {
				diag_error(it->loc, DIAG_BAD_STATEMENT, "otherwise is written: otherwise -> state");
				continue;
			}
			if (st->otherwise_name) {
				diag_error(it->head_loc, DIAG_DUPLICATE, "a second otherwise in choice '%s'", st->name);
				continue;
			}
			st->otherwise_name = w->u.str;
			st->otherwise_loc = arrow_target_loc(w);
		} else if (it->kind == AI_GOTO || (it->kind == AI_STMT && !strcmp(it->head, "end"))) {
			diag_error(it->loc, DIAG_BAD_STATEMENT, "a choice goes on through its arms; "
				   "use 'otherwise -> state' instead");
		}
	}
	if (arms.n == 0)
		diag_error(st->loc, DIAG_BAD_STATEMENT, "choice '%s' has no 'when' arm", st->name);
	if (!st->otherwise_name)
		diag_warning(st->loc, DIAG_CHOICE_NO_DEFAULT, "choice '%s' has no otherwise; when no arm matches, the "
			     "execution fails with States.NoChoiceMatched", st->name);
	st->choices = arena_alloc(c->s->a, (arms.n + 1) * sizeof *st->choices);
	for (size_t i = 0; i < arms.n; i++)
		st->choices[i] = *(struct m_choice *)arms.items[i];
	st->n_choices = arms.n;
}

static void build_wait(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const attrs[] = { "for", "until", "input_path", "output_path", "comment", NULL };
	static const char *const known[] = { "end", "->", NULL };
	struct vec none = { 0 };
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a wait");
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next)
		if (it->kind != AI_ATTR)
			common_stmt(c, st, it, &none, &none, false); /* view_open reported the rest */
	common_paths(c, st, &v);
	st->wait_seconds = -1;
	const struct ast_value *f = view_value(&v, "for"), *u = view_value(&v, "until");
	if ((f != NULL) == (u != NULL)) {
		diag_error(st->loc, DIAG_MISSING_ATTR, "wait '%s' needs one of 'for = 30s' or 'until = $.time'", st->name);
		return;
	}
	if (f && f->kind == AV_JSONPATH)
		st->wait_seconds_path = f->u.str;
	else if (f)
		get_seconds(c->s, f, "wait", 0, 99999999, DIAG_RANGE, &st->wait_seconds);
	if (u && u->kind == AV_JSONPATH) {
		st->wait_timestamp_path = u->u.str;
	} else if (u && u->kind == AV_STRING && looks_like_timestamp(u->u.str)) {
		st->wait_timestamp = u->u.str;
	} else if (u) {
		diag_error(u->loc, DIAG_TYPE, "until is a JSONPath or an RFC 3339 time such as \"2026-01-31T00:00:00Z\"");
	}
}

static void build_parallel(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const known[] = { "branch", "retry", "catch", "end", "->", NULL };
	static const char *const attrs[] = { "input_path", "output_path", "result_path", "parameters",
					     "result_selector", "comment", NULL };
	struct vec retries = { 0 }, catches = { 0 }, branches = { 0 };
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a parallel");
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next) {
		if (it->kind == AI_ATTR || common_stmt(c, st, it, &retries, &catches, true))
			continue;
		if (it->kind == AI_STMT && !strcmp(it->head, "branch")) {
			if (it->words)
				diag_error(it->words->loc, DIAG_BAD_STATEMENT, "'branch' takes no name");
			struct m_graph *g = arena_alloc(c->s->a, sizeof *g);
			graph_build(c, it->block, g, false);
			if (!declares_states(it->block))
				diag_error(it->loc, DIAG_WORKFLOW_EMPTY, "an empty branch");
			vec_push(c->s->a, &branches, g);
			continue;
		}
	}
	if (branches.n == 0)
		diag_error(st->loc, DIAG_BAD_STATEMENT, "parallel '%s' has no branch", st->name);
	st->branches = (struct m_graph **)arena_alloc(c->s->a, (branches.n + 1) * sizeof *st->branches);
	for (size_t i = 0; i < branches.n; i++)
		st->branches[i] = branches.items[i];
	st->n_branches = branches.n;
	common_paths(c, st, &v);
	finish_lists(c, st, &retries, &catches);
}

static void build_map(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const known[] = { "do", "retry", "catch", "end", "->", NULL };
	static const char *const attrs[] = { "items", "max_concurrency", "input_path", "output_path", "result_path",
					     "parameters", "result_selector", "comment", NULL };
	struct vec retries = { 0 }, catches = { 0 };
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a map");
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next) {
		if (it->kind == AI_ATTR || common_stmt(c, st, it, &retries, &catches, true))
			continue;
		if (it->kind == AI_STMT && !strcmp(it->head, "do")) {
			if (st->iterator) {
				diag_error(it->head_loc, DIAG_DUPLICATE, "a second 'do' block in map '%s'", st->name);
				continue;
			}
			st->iterator = arena_alloc(c->s->a, sizeof *st->iterator);
			c->in_map++;
			graph_build(c, it->block, st->iterator, false);
			c->in_map--;
			if (!declares_states(it->block))
				diag_error(it->loc, DIAG_WORKFLOW_EMPTY, "an empty 'do' block");
			continue;
		}
	}
	if (!st->iterator)
		diag_error(st->loc, DIAG_MISSING_ATTR, "map '%s' needs 'do { states }' to run for each item", st->name);
	common_paths(c, st, &v);
	st->items_path = path_attr(c, &v, "items");
	long long n;
	if (get_int(c->s, view_value(&v, "max_concurrency"), "max_concurrency", 0, 40000, DIAG_RANGE, &n))
		st->max_concurrency = (int)n;
	finish_lists(c, st, &retries, &catches);
}

static void build_pass(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const attrs[] = { "result", "input_path", "output_path", "result_path", "parameters",
					     "comment", NULL };
	static const char *const known[] = { "end", "->", NULL };
	struct vec none = { 0 };
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a pass");
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next)
		if (it->kind != AI_ATTR)
			common_stmt(c, st, it, &none, &none, false); /* view_open reported the rest */
	common_paths(c, st, &v);
	const struct ast_value *r = view_value(&v, "result");
	if (r) {
		json_t *j = sema_value_json(c->s, r);
		st->result = sema_own(c->s, j);
		json_decref(j);
	}
}

static void build_terminal(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const fail_attrs[] = { "error", "cause", "comment", NULL };
	static const char *const succeed_attrs[] = { "input_path", "output_path", "comment", NULL };
	bool fail = st->kind == ST_FAIL;
	struct view v;
	/* "end" and "->" pass the view: E0810 below says what is wrong */
	static const char *const ends[] = { "end", "->", NULL };
	view_open(c->s, &v, item->block, fail ? fail_attrs : succeed_attrs, ends, fail ? "a fail" : "a succeed");
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next)
		if (it->kind == AI_GOTO || (it->kind == AI_STMT && !strcmp(it->head, "end")))
			diag_error(it->loc, DIAG_TERMINAL_NEXT, "%s state '%s' ends the path; it takes no transition",
				   item->head, st->name);
	get_string(c->s, view_value(&v, "comment"), "comment", &st->comment);
	if (fail) {
		get_string(c->s, view_value(&v, "error"), "error", &st->error);
		get_string(c->s, view_value(&v, "cause"), "cause", &st->cause);
	} else {
		st->input_path = path_attr(c, &v, "input_path");
		st->output_path = path_attr(c, &v, "output_path");
	}
}

static struct m_state *new_state(struct wctx *c, const struct ast_item *it)
{
	const struct ast_value *w = it->words;
	if (!w || w->kind != AV_IDENT) {
		diag_error(w ? w->loc : it->loc, DIAG_BAD_STATEMENT, "a %s state needs a name: %s NAME { ... }",
			   it->head, it->head);
		return NULL;
	}
	if (w->next)
		diag_error(w->next->loc, DIAG_BAD_STATEMENT, "unexpected %s after the state's name",
			   ast_vkind_name(w->next->kind));
	struct m_state *st = arena_alloc(c->s->a, sizeof *st);
	for (int i = 0; state_kinds[i]; i++)
		if (!strcmp(state_kinds[i], it->head))
			st->kind = (enum m_state_kind)i;
	st->name = w->u.str;
	st->loc = w->loc;
	if (strlen(st->name) > 80)
		diag_error(w->loc, DIAG_BAD_NAME, "state names are at most 80 characters");
	for (size_t i = 0; i < c->all.n; i++) {
		struct m_state *o = c->all.items[i];
		if (o->name == st->name) {
			diag_error(w->loc, DIAG_STATE_DUPLICATE, "duplicate state '%s' in workflow '%s'", st->name,
				   c->w->c.name);
			diag_note(o->loc, "first declared here");
			return NULL;
		}
	}
	vec_push(c->s->a, &c->all, st);
	if (!it->block && st->kind != ST_SUCCEED && st->kind != ST_FAIL)
		diag_error(it->loc, DIAG_BAD_STATEMENT, "%s '%s' needs a block { ... }", it->head, st->name);
	switch (st->kind) {
	case ST_TASK: build_task(c, st, it); break;
	case ST_CHOICE: build_choice(c, st, it); break;
	case ST_WAIT: build_wait(c, st, it); break;
	case ST_PARALLEL: build_parallel(c, st, it); break;
	case ST_MAP: build_map(c, st, it); break;
	case ST_PASS: build_pass(c, st, it); break;
	case ST_SUCCEED:
	case ST_FAIL: build_terminal(c, st, it); break;
	}
	return st;
}

/* ---- the graph ---- */

static struct m_state *graph_find(const struct m_graph *g, const char *name)
{
	for (size_t i = 0; i < g->n_states; i++)
		if (g->states[i]->name == name)
			return g->states[i];
	return NULL;
}

static struct m_state *resolve(struct wctx *c, const struct m_graph *g, const char *name, struct loc loc)
{
	struct m_state *t = graph_find(g, name);
	if (t)
		return t;
	for (size_t i = 0; i < c->all.n; i++) {
		if (((struct m_state *)c->all.items[i])->name == name) {
			diag_error(loc, DIAG_STATE_UNKNOWN, "state '%s' is in another branch; a transition stays "
				   "within its own branch", name);
			return NULL;
		}
	}
	struct misspell m;
	misspell_init(&m, name);
	for (size_t i = 0; i < g->n_states; i++)
		misspell_consider(&m, g->states[i]->name);
	const char *hint = misspell_best(&m);
	if (hint)
		diag_error(loc, DIAG_STATE_UNKNOWN, "unknown state '%s'; did you mean '%s'?", name, hint);
	else
		diag_error(loc, DIAG_STATE_UNKNOWN, "unknown state '%s'", name);
	return NULL;
}

/* Returns false when a transition names no state of G. */
static bool resolve_transitions(struct wctx *c, struct m_graph *g)
{
	bool ok = true;
	for (size_t i = 0; i < g->n_states; i++) {
		struct m_state *st = g->states[i];
		for (size_t k = 0; k < st->n_catches; k++)
			ok &= (st->catches[k].next = resolve(c, g, st->catches[k].next_name,
							     st->catches[k].next_loc)) != NULL;
		if (st->kind == ST_CHOICE) {
			for (size_t k = 0; k < st->n_choices; k++)
				ok &= (st->choices[k].next = resolve(c, g, st->choices[k].next_name,
								     st->choices[k].next_loc)) != NULL;
			if (st->otherwise_name)
				ok &= (st->otherwise = resolve(c, g, st->otherwise_name, st->otherwise_loc)) != NULL;
			continue;
		}
		if (st->kind == ST_SUCCEED || st->kind == ST_FAIL)
			continue;
		if (st->next_name) {
			ok &= (st->next = resolve(c, g, st->next_name, st->next_loc)) != NULL;
			if (st->next == st && st->kind != ST_WAIT)
				diag_error(st->next_loc, DIAG_STATE_NO_END, "state '%s' goes to itself", st->name);
		} else if (!st->end && i + 1 < g->n_states) {
			st->next = g->states[i + 1]; /* written order */
		} else {
			st->end = true; /* the last state of a graph ends it */
		}
	}
	return ok;
}

/* Successors of a state, for the two walks below. */
static size_t successors(const struct m_state *st, struct m_state **out, size_t max)
{
	size_t n = 0;
	if (st->next && n < max)
		out[n++] = st->next;
	for (size_t k = 0; k < st->n_catches && n < max; k++)
		if (st->catches[k].next)
			out[n++] = st->catches[k].next;
	for (size_t k = 0; k < st->n_choices && n < max; k++)
		if (st->choices[k].next)
			out[n++] = st->choices[k].next;
	if (st->otherwise && n < max)
		out[n++] = st->otherwise;
	return n;
}

static size_t index_of(const struct m_graph *g, const struct m_state *st)
{
	for (size_t i = 0; i < g->n_states; i++)
		if (g->states[i] == st)
			return i;
	return 0;
}

/* Every state reachable from the first; from every state, an end. */
static void check_graph(struct wctx *c, struct m_graph *g)
{
	size_t n = g->n_states;
	if (n == 0)
		return;
	bool *reach = xcalloc(n, sizeof *reach), *ends = xcalloc(n, sizeof *ends);
	size_t *stack = xcalloc(n, sizeof *stack);
	size_t maxs = 0;
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		maxs = maxs > st->n_catches + st->n_choices + 2 ? maxs : st->n_catches + st->n_choices + 2;
	}
	struct m_state **succ = xcalloc(maxs, sizeof *succ);
	if (!reach || !ends || !stack || !succ) {
		fputs("eventc: out of memory\n", stderr);
		exit(3);
	}
	size_t top = 0;
	reach[0] = true;
	stack[top++] = 0;
	while (top) {
		const struct m_state *st = g->states[stack[--top]];
		size_t ns = successors(st, succ, maxs);
		for (size_t k = 0; k < ns; k++) {
			size_t j = index_of(g, succ[k]);
			if (!reach[j]) {
				reach[j] = true;
				stack[top++] = j;
			}
		}
	}
	/* ends: a fixed point over "some successor ends" (graphs are small) */
	bool changed = true;
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		ends[i] = st->end || st->kind == ST_SUCCEED || st->kind == ST_FAIL;
	}
	while (changed) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			if (ends[i])
				continue;
			size_t ns = successors(g->states[i], succ, maxs);
			for (size_t k = 0; k < ns && !ends[i]; k++)
				if (ends[index_of(g, succ[k])])
					ends[i] = changed = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		if (!reach[i])
			diag_error(st->loc, DIAG_STATE_UNREACHABLE, "state '%s' is unreachable: no transition leads to it",
				   st->name);
		else if (!ends[i])
			diag_error(st->loc, DIAG_STATE_NO_END, "no path from state '%s' ends; it loops forever", st->name);
	}
	free(reach);
	free(ends);
	free(stack);
	free(succ);
}

static void graph_build(struct wctx *c, const struct ast_block *b, struct m_graph *g, bool top)
{
	struct vec states = { 0 };
	bool complete = true;
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next) {
		if (!is_state_item(it)) {
			if (!top)
				unknown_branch_stmt(it);
			if (!top && it->kind != AI_STMT && it->kind != AI_WHEN)
				diag_error(it->loc, DIAG_BAD_STATEMENT, "a branch holds states only");
			continue;
		}
		struct m_state *st = new_state(c, it);
		if (st)
			vec_push(c->s->a, &states, st);
		else
			complete = false;
	}
	g->states = (struct m_state **)arena_alloc(c->s->a, (states.n + 1) * sizeof *g->states);
	for (size_t i = 0; i < states.n; i++)
		g->states[i] = states.items[i];
	g->n_states = states.n;
	g->start = states.n ? g->states[0] : NULL;
	/* A graph with a dropped state or a broken transition is not the graph
	 * the user meant: walking it would only report echoes of that error. */
	if (resolve_transitions(c, g) && complete)
		check_graph(c, g);
}

/* ---- workflows ---- */

/* A workflow's own attributes; also what `defaults { workflow { } }` may set. */
const char *const sema_workflow_attrs[] = {
	"description", "type", "timeout", "tracing", "logging", "log_retention", "kms_key", NULL
};

void sema_workflow_inputs(struct sema *s)
{
	for (size_t i = 0; i < s->m->n_rules; i++) {
		struct m_rule *r = s->m->rules[i];
		for (size_t t = 0; t < r->n_targets; t++) {
			struct m_target *tg = &r->targets[t];
			if (tg->kind != TGT_WORKFLOW || !tg->comp)
				continue;
			struct m_workflow *w = (struct m_workflow *)tg->comp;
			const char *ip = tg->input_path ? tg->input_path : "$";
			/* An input transformer makes an input of its own shape, so the
			 * events' fields say nothing about it; once unknown, it stays so. */
			bool transformed = tg->input_template || tg->input_paths.n;
			bool known = !w->input_path || strcmp(w->input_path, "(mixed)") != 0;
			if (!known || transformed ||
			    (w->n_input_events && strcmp(w->input_path ? w->input_path : "$", ip) != 0))
				w->input_path = "(mixed)";
			else
				w->input_path = tg->input_path;
			struct m_event **ev = arena_alloc(s->a, (w->n_input_events + r->n_events + 1) * sizeof *ev);
			size_t n = 0;
			for (size_t k = 0; k < w->n_input_events; k++)
				ev[n++] = w->input_events[k];
			for (size_t k = 0; k < r->n_events; k++) {
				bool dup = false;
				for (size_t j = 0; j < n; j++)
					dup |= ev[j] == r->events[k];
				if (!dup)
					ev[n++] = r->events[k];
			}
			w->input_events = ev;
			w->n_input_events = n;
		}
	}
}

void sema_workflow(struct sema *s, struct m_workflow *w, const struct ast_item *item)
{
	const char *const *attrs = sema_workflow_attrs;
	static const char *const types[] = { "standard", "express", NULL };
	static const char *const levels[] = { "ALL", "ERROR", "FATAL", "OFF", NULL };
	struct wctx c = { .s = s, .w = w };
	c.mixed_inputs = w->input_path && !strcmp(w->input_path, "(mixed)");
	collect_written(&c, item->block);
	struct view v;
	view_open(s, &v, item->block, attrs, state_kinds, "a workflow");
	view_set_defaults(&v, s->defaults_for[MK_WORKFLOW]);
	get_string(s, view_value(&v, "description"), "description", &w->c.description);
	const char *type = "standard";
	get_choice(s, view_value(&v, "type"), "workflow type", types, &type);
	w->express = type[0] == 'e';
	if (get_seconds(s, view_value(&v, "timeout"), "workflow timeout", 1, 31536000, DIAG_RANGE, &w->timeout_s) &&
	    w->express && w->timeout_s > 300)
		diag_error(view_attr(&v, "timeout")->value->loc, DIAG_EXPRESS_TASK,
			   "an express workflow runs at most 5m; timeout is %ds", w->timeout_s);
	get_bool(s, view_value(&v, "tracing"), "tracing", &w->tracing);
	w->log_level = "OFF";
	const struct ast_value *lv = view_value(&v, "logging");
	if (lv && (lv->kind == AV_STRING || lv->kind == AV_IDENT)) {
		bool ok = false;
		for (size_t i = 0; levels[i]; i++)
			if (!strcasecmp(levels[i], lv->u.str))
				ok = (w->log_level = levels[i]) != NULL;
		if (!ok) {
			const char *hint = misspell_suggest(lv->u.str, levels);
			diag_error(lv->loc, DIAG_WORKFLOW_LOG_LEVEL, "invalid workflow logging level '%s'%s%s%s", lv->u.str,
				   hint ? "; did you mean '" : "; expected ALL, ERROR, FATAL or OFF",
				   hint ? hint : "", hint ? "'?" : "");
		}
	} else if (lv) {
		diag_error(lv->loc, DIAG_TYPE, "logging is one of ALL, ERROR, FATAL, OFF");
	}
	w->log_retention_days = s->m->log_retention_days;
	const struct ast_value *lr = view_value(&v, "log_retention");
	if (lr)
		get_log_retention(s, lr, &w->log_retention_days);
	w->key = sema_component_key(s, &v);
	graph_build(&c, item->block, &w->graph, true);
	if (!declares_states(item->block))
		diag_error(w->c.loc, DIAG_WORKFLOW_EMPTY, "workflow '%s' has no states", w->c.name);
}
