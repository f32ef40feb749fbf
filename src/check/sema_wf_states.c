/* sema_wf_states.c - the states of a workflow, one function per kind: tasks
 * and their actions, retries and catches, choices, waits, parallels, maps,
 * passes and the terminal states. Apart from sema_workflow.c, which links
 * the states into graphs and checks those, and from sema_wf_data.c, which
 * reads the data the states pass and test. */
#include <string.h>

#include "misspell.h"
#include "sema_priv.h"

const char *const wf_state_kinds[] = {
	"task", "choice", "wait", "parallel", "map", "pass", "succeed", "fail", NULL
};

/* ---- what a state is ---- */

bool wf_is_state_item(const struct ast_item *it)
{
	for (int i = 0; it->kind == AI_STMT && wf_state_kinds[i]; i++)
		if (!strcmp(wf_state_kinds[i], it->head))
			return true;
	return false;
}

/* Whether block B declares a state. A state dropped for an error (a
 * duplicate name) still counts, so that no "empty" error follows it. */
bool wf_declares_states(const struct ast_block *b)
{
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next)
		if (wf_is_state_item(it))
			return true;
	return false;
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
 * at the name (or the quoted name), which ends the word after blanks. */
static struct loc arrow_target_loc(const struct ast_value *arrow)
{
	struct loc l = arrow->loc;
	const struct source *src = source_get(l.file);
	uint32_t start = l.start + 2; /* "->" */
	while (src && start < l.end && start < src->len && (src->text[start] == ' ' || src->text[start] == '\t'))
		start++;
	if (start < l.end)
		l.start = start;
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
	/* A caught error joins the state's input instead of replacing it, so
	 * the handler still sees the data it failed on (docs/language.md). */
	if (!k->result_path)
		k->result_path = "$.error";
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
	if (w->kind == AV_ARROW)
		diag_error(w->loc, DIAG_TASK_ACTION, "the transition '-> %s' runs on to the task's action: separate "
			   "the two with a comma or a new line (..., -> %s)", w->u.str, w->u.str);
	else if (w->kind == AV_IDENT)
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
			c->s->m->waits_for_token = true;
			express_check(c, w->loc, "wait_for_token");
		} else if (w->kind == AV_IDENT && !strcmp(w->u.str, "async") && st->action == TA_INVOKE) {
			/* InvocationType Event: Lambda queues the event and the task goes on */
			st->async = true;
		} else if (w->kind == AV_IDENT && !strcmp(w->u.str, "sync") && sync_ok) {
			st->sync = true;
			express_check(c, w->loc, "a .sync task (start workflow ... sync)");
		} else {
			report_flag(w, token_ok, sync_ok);
		}
	}
}

/* With wait_for_token the payload gets taskToken = $$.Task.Token; one the
 * user writes is kept instead, and unless it is that path the receiver
 * cannot send the token back. */
static void check_token_field(const struct m_state *st)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++) {
		const struct m_param *p = &st->args->children[i];
		for (size_t k = 0; p->kind == MP_MAP && k < p->n_children; k++) {
			const struct m_param *t = &p->children[k];
			if (strcmp(t->key, "taskToken") != 0 || (t->kind == MP_PATH && !strcmp(t->path, "$$.Task.Token")))
				continue;
			diag_warning(t->loc, DIAG_WF_TOKEN_FIELD, "'taskToken' replaces the task token that "
				     "wait_for_token adds; the receiver cannot send the token back");
			diag_note(st->loc, "drop it, or write taskToken = $$.Task.Token");
		}
	}
}

/* A plain invoke passes its payload as the function's event: a map of
 * parameters or a path into the state's input, never a bare literal. */
static void check_invoke_payload(const struct m_state *st)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++) {
		const struct m_param *p = &st->args->children[i];
		if (p->kind == MP_MAP || (p->kind == MP_PATH && p->path[1] != '$'))
			continue;
		diag_error(p->loc, DIAG_TYPE, "a payload is a map { key = value } or a JSONPath such as $.order");
	}
}

/* `invoke function F`, `publish topic T`, `send queue Q`: an action on one
 * component of KIND, which may wait for a task token. */
static void build_component_action(struct wctx *c, struct m_state *st, const struct ast_item *it,
				   const char *kind_word, enum m_kind kind, enum m_task_action action,
				   const char *const *args)
{
	const struct ast_value *name = expect_kind(c, it, it->words, kind_word);
	if (!name)
		return;
	st->action = action;
	st->target = sema_lookup(c->s, kind, name->u.str, name->loc);
	action_flags(c, st, name->next, true, false);
	st->args = wf_block_params(c, it->block, args, it->head);
	if (st->async && st->wait_for_token)
		diag_error(name->loc, DIAG_TASK_ACTION, "invoke ... async does not wait, so it takes no task token");
	if (st->wait_for_token)
		check_token_field(st);
	else if (action == TA_INVOKE)
		check_invoke_payload(st);
	if (action == TA_PUBLISH)
		wf_message_attributes(c, st);
}

/* put item TABLE { item = { ... } }, get item TABLE { key = { ... } } */
static void build_item_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const put_args[] = { "item", NULL };
	static const char *const get_args[] = { "key", NULL };
	const struct ast_value *w = it->words, *name;
	const char *h = it->head;
	if (!w || w->kind != AV_IDENT || strcmp(w->u.str, "item") != 0) {
		diag_error(w ? w->loc : it->loc, DIAG_TASK_ACTION, "expected '%s item TABLE'", h);
		return;
	}
	if (!w->next || w->next->kind != AV_IDENT) {
		diag_error(w->loc, DIAG_TASK_ACTION, "'%s item' needs a table name", h);
		return;
	}
	name = w->next;
	st->action = h[0] == 'p' ? TA_PUT_ITEM : TA_GET_ITEM;
	st->target = sema_lookup(c->s, MK_TABLE, name->u.str, name->loc);
	action_flags(c, st, name->next, false, false);
	st->args = wf_block_params(c, it->block, h[0] == 'p' ? put_args : get_args, h);
	if (!st->args || st->args->n_children == 0)
		diag_error(it->loc, DIAG_TASK_ACTION, "'%s item' needs { %s = { ... } }", h,
			   h[0] == 'p' ? "item" : "key");
	else if (st->args->children[0].kind != MP_MAP)
		diag_error(st->args->children[0].loc, DIAG_TYPE, "%s is a map of attributes { name = value }",
			   h[0] == 'p' ? "item" : "key");
	else
		wf_dynamo_item_types(c, &st->args->children[0], (const struct m_table *)st->target);
}

/* emit event E on bus B; without 'on', the event's own bus */
static void build_emit_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const emit_args[] = { "detail", NULL };
	struct sema *s = c->s;
	const struct ast_value *w0 = it->words;
	if (w0 && w0->kind == AV_IDENT && !strcmp(w0->u.str, "on")) {
		wf_build_emit_on_bus(c, st, it);
		return;
	}
	const struct ast_value *name = expect_kind(c, it, it->words, "event");
	if (!name)
		return;
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
	st->args = wf_block_params(c, it->block, emit_args, "emit");
}

/* start workflow W [sync] */
static void build_start_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const start_args[] = { "input", NULL };
	const struct ast_value *name = expect_kind(c, it, it->words, "workflow");
	if (!name)
		return;
	st->action = TA_START_WORKFLOW;
	st->target = sema_lookup(c->s, MK_WORKFLOW, name->u.str, name->loc);
	if (st->target == &c->w->c)
		diag_error(name->loc, DIAG_TASK_ACTION, "workflow '%s' starts itself", c->w->c.name);
	action_flags(c, st, name->next, false, true);
	st->args = wf_block_params(c, it->block, start_args, "start");
}

/* The action statement IT of a task; false when IT is not one. */
static bool build_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const invoke_args[] = { "payload", NULL };
	static const char *const publish_args[] = { "message", "subject", "attributes", NULL };
	static const char *const send_args[] = { "message", "message_group_id", NULL };
	const char *h = it->head;
	bool api = it->words && it->words->kind == AV_IDENT && !strcmp(it->words->u.str, "api");
	if (!strcmp(h, "invoke") && !api)
		build_component_action(c, st, it, "function", MK_FUNCTION, TA_INVOKE, invoke_args);
	else if (!strcmp(h, "publish"))
		build_component_action(c, st, it, "topic", MK_TOPIC, TA_PUBLISH, publish_args);
	else if (!strcmp(h, "send"))
		build_component_action(c, st, it, "queue", MK_QUEUE, TA_SEND, send_args);
	else if (!strcmp(h, "put") || !strcmp(h, "get"))
		build_item_action(c, st, it);
	else if (!strcmp(h, "emit"))
		build_emit_action(c, st, it);
	else if (!strcmp(h, "start"))
		build_start_action(c, st, it);
	else
		return wf_build_sdk_action(c, st, it);
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
void wf_unknown_branch_stmt(const struct ast_item *it)
{
	if (it->kind == AI_WHEN) {
		diag_error(it->loc, DIAG_BAD_STATEMENT, "'when' belongs in a choice state");
		return;
	}
	if (it->kind != AI_STMT)
		return;
	const char *hint = misspell_suggest(it->head, wf_state_kinds);
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
					     "call", "update", "delete", "query", "retry", "catch", "end", "->", NULL };
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
	wf_common_paths(c, st, &v);
	wf_default_result_path(c, st);
	get_seconds(c->s, view_value(&v, "timeout"), "task timeout", 1, 99999999, DIAG_RANGE, &st->timeout_s);
	get_seconds(c->s, view_value(&v, "heartbeat"), "heartbeat", 1, 99999999, DIAG_RANGE, &st->heartbeat_s);
	if (st->heartbeat_s && st->timeout_s && st->heartbeat_s >= st->timeout_s)
		diag_error(view_attr(&v, "heartbeat")->value->loc, DIAG_RANGE,
			   "heartbeat (%ds) must be shorter than the timeout (%ds)", st->heartbeat_s, st->timeout_s);
	finish_lists(c, st, &retries, &catches);
}

static void build_choice(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const attrs[] = { "input_path", "output_path", "comment", NULL };
	/* "->" and "end" pass the view: the loop below says what to write */
	static const char *const known[] = { "otherwise", "when", "->", "end", NULL };
	/* `when` arms are AI_WHEN items, allowed by the "when" entry */
	struct view v;
	view_open(c->s, &v, item->block, attrs, known, "a choice");
	wf_common_paths(c, st, &v);
	struct vec arms = { 0 };
	for (const struct ast_item *it = item->block ? item->block->items : NULL; it; it = it->next) {
		if (it->kind == AI_WHEN) {
			struct m_choice *ch = arena_alloc(c->s->a, sizeof *ch);
			ch->loc = it->loc;
			ch->cond = wf_cond(c, it->cond);
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
	wf_common_paths(c, st, &v);
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
	} else if (u && u->kind == AV_STRING && wf_looks_like_timestamp(u->u.str)) {
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
			wf_graph_build(c, it->block, g, false);
			if (!wf_declares_states(it->block))
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
	wf_common_paths(c, st, &v);
	wf_default_result_path(c, st);
	finish_lists(c, st, &retries, &catches);
}

static void build_map(struct wctx *c, struct m_state *st, const struct ast_item *item)
{
	static const char *const known[] = { "do", "retry", "catch", "end", "->", "items", "results", "batch", NULL };
	static const char *const attrs[] = { "items", "max_concurrency", "input_path", "output_path", "result_path",
					     "parameters", "result_selector", "comment", "mode", "execution",
					     "tolerated_failures", "label", NULL };
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
			wf_graph_build(c, it->block, st->iterator, false);
			c->in_map--;
			if (!wf_declares_states(it->block))
				diag_error(it->loc, DIAG_WORKFLOW_EMPTY, "an empty 'do' block");
			continue;
		}
	}
	if (!st->iterator)
		diag_error(st->loc, DIAG_MISSING_ATTR, "map '%s' needs 'do { states }' to run for each item", st->name);
	wf_common_paths(c, st, &v);
	wf_default_result_path(c, st);
	st->items_path = wf_path_attr(c, &v, "items");
	long long n;
	if (get_int(c->s, view_value(&v, "max_concurrency"), "max_concurrency", 0, 40000, DIAG_RANGE, &n))
		st->max_concurrency = (int)n;
	wf_map_mode(c, st, item, &v);
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
	wf_common_paths(c, st, &v);
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
		st->input_path = wf_path_attr(c, &v, "input_path");
		st->output_path = wf_path_attr(c, &v, "output_path");
	}
}

struct m_state *wf_new_state(struct wctx *c, const struct ast_item *it)
{
	const struct ast_value *w = it->words;
	if (!w || (w->kind != AV_IDENT && w->kind != AV_STRING)) {
		diag_error(w ? w->loc : it->loc, DIAG_BAD_STATEMENT, "a %s state needs a name: %s NAME { ... } "
			   "or %s \"Any Name\" { ... }", it->head, it->head, it->head);
		return NULL;
	}
	const char *name = wf_state_name(c, it, w);
	if (!name)
		return NULL;
	if (w->next)
		diag_error(w->next->loc, DIAG_BAD_STATEMENT, "unexpected %s after the state's name",
			   ast_vkind_name(w->next->kind));
	struct m_state *st = arena_alloc(c->s->a, sizeof *st);
	for (int i = 0; wf_state_kinds[i]; i++)
		if (!strcmp(wf_state_kinds[i], it->head))
			st->kind = (enum m_state_kind)i;
	st->name = name;
	st->loc = w->loc;
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
