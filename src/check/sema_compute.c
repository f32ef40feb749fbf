/* sema_compute.c - the components that run code or route events to it:
 * functions (with what they consume and the grants they hold), the check
 * of queue consumers against their visibility timeout, and rules with
 * their targets. Apart from sema_data.c, whose components only keep or
 * carry data. */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "sema_priv.h"
#include "runtimes.h"

const char *const sema_function_attrs[] = {
	"description", "runtime", "handler", "code", "timeout", "memory", "tracing",
	"provisioned_concurrency", "reserved_concurrency", "environment", "architecture",
	"ephemeral_storage", "kms_key", "log_retention", "log_level", NULL
};

static const struct ast_item *find_attr_item(const struct ast_block *b, const char *name)
{
	for (const struct ast_item *a = b->items; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], name))
			return a;
	return NULL;
}

/* RUNTIME: one of AWS Lambda's, not retired (E0211), warned about when
 * deprecated (W0201); an unknown one is E0207 with a suggestion among those
 * a function may still be created with. */
static void get_runtime(struct sema *s, const struct ast_value *v, const char **out)
{
	if (!v)
		return;
	char today[RUNTIME_DATE_SIZE];
	runtime_today(today);
	const struct runtime_life *r = v->kind == AV_IDENT || v->kind == AV_STRING ? runtime_find(v->u.str) : NULL;
	if (!r) {
		get_choice(s, v, "runtime", runtime_creatable(s->a, today), out);
		return;
	}
	const char *next = r->successor ? arena_printf(s->a, "move to %s", r->successor)
		: "move to its successor on AWS's Lambda runtimes page";
	if (strcmp(today, r->create_block) >= 0) {
		diag_error(v->loc, DIAG_RUNTIME_RETIRED, "runtime '%s' is retired: AWS blocks creating functions with it "
			   "since %s; %s", r->name, r->create_block, next);
		return;
	}
	*out = r->name;
	if (strcmp(today, r->deprecated) >= 0)
		diag_warning(v->loc, DIAG_RUNTIME_DEPRECATED, "runtime '%s' is deprecated since %s, and AWS blocks "
			     "creating functions with it from %s; %s", r->name, r->deprecated, r->create_block, next);
}

/* A function's statement words: a grant's name that is one of them, and
 * names no component, is the next statement without its separator. */
static bool starts_statement(const char *word)
{
	static const char *const heads[] = { "consume", "writes", "reads", "publishes", "invokes", "starts",
					     "async", NULL };
	for (size_t i = 0; heads[i]; i++)
		if (!strcmp(heads[i], word))
			return true;
	return false;
}

/* reads flights  writes flights: the words of ST run on to the statement
 * that NEXT starts. */
void sema_runs_on(const struct ast_item *st, const struct ast_value *next)
{
	const struct source *src = source_get(st->head_loc.file);
	const struct ast_value *last = NULL;
	for (const struct ast_value *w = st->words; w && w != next; w = w->next)
		last = w;
	uint32_t from = st->head_loc.start, to = last ? last->loc.end : st->head_loc.end;
	int n = src && to <= src->len && from < to ? (int)(to - from) : 0;
	diag_error(next->loc, DIAG_BAD_STATEMENT, "'%s' starts another statement, which '%s' runs on to: "
		   "separate the two with a comma or a new line (%.*s, %s ...)", next->u.str, st->head, n,
		   src ? src->text + from : "", next->u.str);
}

/* writes/reads/publishes/invokes/starts [KIND] NAME ... */
/* publishes T { attributes = [amount, kind] }: the message attributes the
 * function's messages carry, so that filters can be checked against them. */
static const char **published_attributes(struct sema *s, const struct ast_block *b, size_t *n)
{
	static const char *const attrs[] = { "attributes", NULL };
	struct view v;
	view_open(s, &v, b, attrs, NULL, "a publishes block");
	const struct ast_value *l = view_value(&v, "attributes");
	*n = 0;
	if (!l)
		return NULL;
	if (l->kind != AV_LIST) {
		diag_error(l->loc, DIAG_TYPE, "attributes is a list of names: attributes = [amount, kind]");
		return NULL;
	}
	size_t count = 0;
	for (const struct ast_value *e = l->u.list; e; e = e->next)
		count++;
	const char **out = arena_alloc(s->a, (count + 1) * sizeof *out);
	for (const struct ast_value *e = l->u.list; e; e = e->next) {
		if (e->kind == AV_IDENT || e->kind == AV_STRING)
			out[(*n)++] = e->u.str;
		else
			diag_error(e->loc, DIAG_TYPE, "a message attribute's name is a word or a string");
	}
	return out;
}

static void build_grants(struct sema *s, struct m_function *f, const struct ast_item *st, struct vec *out)
{
	static const struct {
		const char *verb;
		enum m_access access;
		enum m_kind kinds[4];
		int nkinds;
	} verbs[] = {
		{ "writes", ACC_WRITE, { MK_TABLE, MK_QUEUE, MK_BUS, MK_STREAM }, 4 },
		{ "reads", ACC_READ, { MK_TABLE }, 1 },
		{ "publishes", ACC_PUBLISH, { MK_TOPIC, MK_BUS, MK_QUEUE }, 3 },
		{ "invokes", ACC_INVOKE, { MK_FUNCTION }, 1 },
		{ "starts", ACC_START, { MK_WORKFLOW }, 1 },
	};
	size_t vi = 0;
	while (strcmp(verbs[vi].verb, st->head) != 0)
		vi++;
	if (!st->words)
		diag_error(st->loc, DIAG_BAD_STATEMENT, "'%s' needs at least one name", st->head);
	bool publishes = verbs[vi].access == ACC_PUBLISH;
	if (st->block && !publishes)
		diag_error(st->block->loc, DIAG_BAD_STATEMENT, "'%s' takes no block", st->head);
	const char **attributes = NULL;
	size_t n_attributes = 0;
	if (st->block && publishes)
		attributes = published_attributes(s, st->block, &n_attributes);
	for (const struct ast_value *w = st->words; w; w = w->next) {
		enum m_kind kind;
		bool typed = w->kind == AV_IDENT && w->next && sema_is_kind_word(w->u.str, &kind);
		const struct ast_value *nw = typed ? w->next : w;
		if (nw->kind != AV_IDENT) {
			diag_error(nw->loc, DIAG_TYPE, "'%s' takes component names", st->head);
			if (typed)
				w = w->next;
			continue;
		}
		struct m_comp *c = NULL;
		if (typed) {
			bool ok = false;
			for (int k = 0; k < verbs[vi].nkinds; k++)
				ok |= verbs[vi].kinds[k] == kind;
			if (!ok)
				diag_error(w->loc, DIAG_WRONG_KIND, "a function cannot '%s' a %s", st->head, w->u.str);
			else
				c = sema_lookup(s, kind, nw->u.str, nw->loc);
			w = w->next;
		} else {
			for (int k = 0; k < verbs[vi].nkinds && !c; k++) {
				struct decl *d = sema_find(s, verbs[vi].kinds[k], nw->u.str);
				c = d ? d->comp : NULL;
			}
			if (!c && starts_statement(nw->u.str)) {
				sema_runs_on(st, nw);
				break;
			}
			if (!c)
				c = sema_lookup(s, verbs[vi].kinds[0], nw->u.str, nw->loc);
		}
		if (!c)
			continue;
		struct m_grant *g = arena_alloc(s->a, sizeof *g);
		g->access = verbs[vi].access;
		g->comp = c;
		g->loc = nw->loc;
		g->declares_attributes = attributes != NULL;
		g->attributes = attributes;
		g->n_attributes = n_attributes;
		vec_push(s->a, out, g);
	}
	(void)f;
}


/* code = "functions/x": a folder beside the file that declares it, which
 * the plan hashes (E0307). */
static void check_code_folder(struct sema *s, const struct m_function *f, const struct ast_value *v)
{
	if (!v || v->kind != AV_STRING || !f->code)
		return;
	const char *dir = f->code[0] == '/' || !strcmp(f->code_base, ".") ? f->code
		: arena_printf(s->a, "%s/%s", f->code_base, f->code);
	struct stat st;
	if (stat(dir, &st))
		diag_error(v->loc, DIAG_CODE_FOLDER, "code folder '%s' of function '%s' not found: %s", f->code,
			   f->c.name, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		diag_error(v->loc, DIAG_CODE_FOLDER, "code '%s' of function '%s' is not a folder; it names the "
			   "folder that holds the handler", f->code, f->c.name);
}

/* Lambda's pattern for a variable's name: [a-zA-Z]([a-zA-Z0-9_])+, so two
 * characters at least (the Environment type of the Lambda API reference). */
static bool valid_env_key(const char *k)
{
	if (!isalpha((unsigned char)k[0]) || !k[1])
		return false;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_')
			return false;
	return true;
}

/* returns { valid boolean required, orderId string }: what the function
 * gives back, so that the workflows that invoke it know their data. */
static void build_returns(struct sema *s, struct m_function *f, const struct ast_item *st)
{
	if (f->declares_result) {
		diag_error(st->head_loc, DIAG_DUPLICATE, "a second returns block in function '%s'", f->c.name);
		return;
	}
	if (st->words)
		diag_error(st->words->loc, DIAG_BAD_STATEMENT, "returns takes a block of fields: returns { id string }");
	f->declares_result = true;
	sema_fields(s, st->block, &f->result_fields, &f->n_result_fields);
}

void sema_function(struct sema *s, struct m_function *f, const struct ast_item *it)
{
	const char *const *attrs = sema_function_attrs;
	static const char *const stmts[] = { "consume", "writes", "reads", "publishes", "invokes", "starts",
					     "returns", "async", NULL };
	static const char *const tracing[] = { "active", "passthrough", NULL };
	static const char *const archs[] = { "x86_64", "arm64", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a function");
	view_set_defaults(&v, s->defaults_for[MK_FUNCTION]);
	get_string(s, view_value(&v, "description"), "description", &f->c.description);
	const char *req[] = { "runtime", "handler", "code" };
	for (size_t i = 0; i < 3; i++)
		if (!view_attr(&v, req[i]))
			diag_error(f->c.loc, DIAG_MISSING_ATTR, "function '%s' has no %s", f->c.name, req[i]);
	get_runtime(s, view_value(&v, "runtime"), &f->runtime);
	get_string(s, view_value(&v, "handler"), "handler", &f->handler);
	get_string(s, view_value(&v, "code"), "code", &f->code);
	f->code_base = loader_dir_of(s->a, it->loc.file);
	check_code_folder(s, f, view_value(&v, "code"));
	f->timeout_s = 3;
	get_seconds(s, view_value(&v, "timeout"), "Lambda timeout", 1, 900, DIAG_LAMBDA_TIMEOUT, &f->timeout_s);
	long long n;
	f->memory_mb = 128;
	if (get_int(s, view_value(&v, "memory"), "Lambda memory", 128, 10240, DIAG_LAMBDA_MEMORY, &n))
		f->memory_mb = (int)n;
	f->ephemeral_storage_mb = 512;
	if (get_int(s, view_value(&v, "ephemeral_storage"), "ephemeral_storage", 512, 10240, DIAG_RANGE, &n))
		f->ephemeral_storage_mb = (int)n;
	const char *tr = "passthrough";
	get_choice(s, view_value(&v, "tracing"), "tracing mode", tracing, &tr);
	f->tracing_active = tr[0] == 'a';
	f->architecture = "x86_64";
	get_choice(s, view_value(&v, "architecture"), "architecture", archs, &f->architecture);
	if (get_int(s, view_value(&v, "provisioned_concurrency"), "provisioned_concurrency", 0, 100000,
		    DIAG_RANGE, &n))
		f->provisioned_concurrency = (int)n;
	f->reserved_concurrency = -1;
	if (get_int(s, view_value(&v, "reserved_concurrency"), "reserved_concurrency", 0, 100000, DIAG_RANGE, &n))
		f->reserved_concurrency = (int)n;
	if (f->reserved_concurrency >= 0 && f->provisioned_concurrency > f->reserved_concurrency)
		diag_error(view_attr(&v, "provisioned_concurrency")->value->loc, DIAG_RANGE,
			   "provisioned_concurrency %d exceeds reserved_concurrency %d",
			   f->provisioned_concurrency, f->reserved_concurrency);
	get_string(s, view_value(&v, "log_level"), "log_level", &f->log_level);
	f->log_retention_days = sema_log_retention(s, &v);
	f->key = sema_component_key(s, &v);
	/* environment maps merge: the defaults' keys, then the function's own */
	const struct ast_item *own = NULL;
	for (const struct ast_item *a = it->block ? it->block->items : NULL; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], "environment"))
			own = a;
	const struct ast_item *def = NULL;
	for (const struct ast_item *a = s->defaults_for[MK_FUNCTION] ? s->defaults_for[MK_FUNCTION]->items : NULL;
	     a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], "environment"))
			def = a;
	f->environment = get_kvmap(s, own ? sema_eval(s, own->value) : NULL, "environment",
				   def ? sema_eval(s, def->value) : NULL);
	for (size_t i = 0; i < f->environment.n; i++) {
		const char *k = f->environment.items[i].key;
		if (!valid_env_key(k))
			diag_error(f->environment.items[i].val.loc, DIAG_BAD_NAME,
				   "'%s' is not a valid Lambda environment variable name: a letter, then "
				   "one or more letters, digits or '_' ([A-Za-z][A-Za-z0-9_]+)", k);
	}
	struct vec grants = { 0 };
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "consume"))
			sema_consume(s, f, st);
		else if (!strcmp(st->head, "async"))
			sema_async(s, f, st);
		else if (!strcmp(st->head, "returns"))
			build_returns(s, f, st);
		else if (strcmp(st->head, "consume") != 0 && strcmp(st->head, "import") != 0 &&
			 (!strcmp(st->head, "writes") || !strcmp(st->head, "reads") || !strcmp(st->head, "publishes") ||
			  !strcmp(st->head, "invokes") || !strcmp(st->head, "starts")))
			build_grants(s, f, st, &grants);
	}
	f->grants = arena_alloc(s->a, (grants.n + 1) * sizeof *f->grants);
	for (size_t i = 0; i < grants.n; i++)
		f->grants[i] = *(struct m_grant *)grants.items[i];
	f->n_grants = grants.n;
}

/* Where queue Q's visibility timeout is set: its own attribute, the
 * queue defaults, or (the built-in default) the queue's name. */
static struct loc visibility_loc(struct sema *s, const struct m_queue *q)
{
	const struct decl *d = sema_find(s, MK_QUEUE, q->c.name);
	const struct ast_item *it = d && d->item->block ? find_attr_item(d->item->block, "visibility_timeout") : NULL;
	if (!it && s->defaults_for[MK_QUEUE])
		it = find_attr_item(s->defaults_for[MK_QUEUE], "visibility_timeout");
	return it ? it->value->loc : q->c.loc;
}

/* Each queue has at most one consumer; its visibility timeout should be
 * at least six times the consumer's timeout (AWS's guidance). */
void sema_check_consumers(struct sema *s)
{
	struct m_pattern *m = s->m;
	for (size_t i = 0; i < m->n_functions; i++) {
		struct m_function *f = m->functions[i];
		struct m_queue *q = f->consume;
		if (!q)
			continue;
		if (q->consumer) {
			diag_error(f->consume_loc, DIAG_CONSUMER_TAKEN, "queue '%s' is already consumed by function '%s'",
				   q->c.name, q->consumer->c.name);
			diag_note(q->consumer->consume_loc, "consumed here");
			continue;
		}
		q->consumer = f;
		if ((long long)q->visibility_timeout_s < 6LL * f->timeout_s) {
			diag_warning(visibility_loc(s, q), DIAG_VISIBILITY_GUIDANCE,
				     "visibility timeout of queue '%s' (%ds) is less than 6 x the timeout of its "
				     "consumer '%s' (%ds); use at least %ds",
				     q->c.name, q->visibility_timeout_s, f->c.name, f->timeout_s, 6 * f->timeout_s);
			diag_note(f->consume_loc, "consumed here");
		}
	}
}

/* target KIND NAME [{ input = $.detail, retry_attempts = 3, ... }] */
static void build_target(struct sema *s, struct m_rule *r, struct m_target *t, const struct ast_item *st)
{
	static const char *const kinds[] = { "queue", "function", "workflow", "topic", "bus", "api", NULL };
	static const char *const attrs[] = { "input", "input_paths", "input_template", "retry_attempts",
					     "max_event_age", "dlq", "message_group_id", "headers", "query", NULL };
	t->loc = st->loc;
	t->retry_attempts = -1;
	t->max_event_age_s = -1;
	const struct ast_value *kw = st->words, *nw = kw ? kw->next : NULL;
	if (!kw || !nw || nw->next || nw->kind != AV_IDENT) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "a target is written: target KIND NAME, such as "
			   "target queue order-buffer");
		return;
	}
	const char *k;
	if (!get_choice(s, kw, "target kind", kinds, &k))
		return;
	enum m_kind kind;
	sema_is_kind_word(k, &kind);
	t->kind = kind == MK_QUEUE ? TGT_QUEUE : kind == MK_FUNCTION ? TGT_FUNCTION
		: kind == MK_WORKFLOW ? TGT_WORKFLOW : kind == MK_TOPIC ? TGT_TOPIC : kind == MK_API ? TGT_API : TGT_BUS;
	t->comp = sema_lookup(s, kind, nw->u.str, nw->loc);
	if (r->bus && t->comp == &r->bus->c)
		diag_error(nw->loc, DIAG_BAD_VALUE, "a rule cannot target its own bus");
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, "a target");
	get_jsonpath(s, view_value(&v, "input"), "input", &t->input_path);
	const struct ast_value *ip = view_value(&v, "input_paths");
	if (ip) {
		t->input_paths = get_kvmap(s, ip, "input_paths", NULL);
		for (size_t i = 0; i < t->input_paths.n; i++) {
			const struct m_val *pv = &t->input_paths.items[i].val;
			if (pv->kind != MV_STRING || pv->str[0] != '$')
				diag_error(pv->loc, DIAG_TYPE, "input_paths values are JSONPaths such as \"$.detail.id\"");
		}
	}
	get_string(s, view_value(&v, "input_template"), "input_template", &t->input_template);
	if (t->input_path && (ip || t->input_template))
		diag_error(view_attr(&v, "input")->loc, DIAG_BAD_VALUE,
			   "a target has either input or an input transformer (input_paths, input_template)");
	if (ip && !t->input_template)
		diag_error(view_attr(&v, "input_paths")->loc, DIAG_MISSING_ATTR, "input_paths needs an input_template");
	long long n;
	if (get_int(s, view_value(&v, "retry_attempts"), "retry_attempts", 0, 185, DIAG_RANGE, &n))
		t->retry_attempts = (int)n;
	get_seconds(s, view_value(&v, "max_event_age"), "max_event_age", 60, 86400, DIAG_RANGE, &t->max_event_age_s);
	sema_target_dlq(s, t, &v);
	get_string(s, view_value(&v, "message_group_id"), "message_group_id", &t->message_group_id);
	if (t->kind == TGT_QUEUE && t->comp && ((struct m_queue *)t->comp)->fifo && !t->message_group_id)
		diag_error(st->loc, DIAG_MISSING_ATTR, "a FIFO queue target needs a message_group_id");
	sema_target_http(s, t, &v);
}

void sema_rule(struct sema *s, struct m_rule *r, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "enabled", NULL };
	static const char *const stmts[] = { "match", "target", NULL };
	const struct ast_value *on = it->words ? it->words->next : NULL;
	if (on) {
		const struct ast_value *bus = on->next;
		if (on->kind != AV_IDENT || strcmp(on->u.str, "on") != 0 || !bus || bus->kind != AV_IDENT ||
		    bus->next) {
			diag_error(on->loc, DIAG_BAD_STATEMENT, "a rule is written: rule NAME on BUS { ... }");
		} else {
			r->bus = (struct m_bus *)sema_lookup(s, MK_BUS, bus->u.str, bus->loc);
		}
	} else if (s->m->n_buses == 1) {
		r->bus = s->m->buses[0];
	} else if (s->m->n_buses == 0) {
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' is on no bus, and the pattern declares none: "
			   "write 'rule %s on default' for the account's default event bus, or declare a bus "
			   "(bus orders { }) and write 'rule %s on orders'", r->c.name, r->c.name, r->c.name);
	} else {
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' must say which bus it is on: 'rule %s on %s' "
			   "(the pattern has %zu buses)", r->c.name, r->c.name, s->m->buses[0]->c.name, s->m->n_buses);
	}
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a rule");
	get_string(s, view_value(&v, "description"), "description", &r->c.description);
	r->enabled = true;
	get_bool(s, view_value(&v, "enabled"), "enabled", &r->enabled);
	const struct ast_item *match = NULL;
	size_t ntargets = 0, ntargets_misplaced = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		/* target = ... is reported as such (view_open): not as a missing target too */
		if (st->kind == AI_ATTR && st->key.n == 1 && !strcmp(st->key.parts[0], "target"))
			ntargets_misplaced++;
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "match")) {
			if (match) {
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second match block in rule '%s'", r->c.name);
				diag_note(match->head_loc, "the first is here");
			}
			match = st;
		}
		ntargets += !strcmp(st->head, "target");
	}
	if (!match)
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' has no match { ... } block", r->c.name);
	else
		sema_rule_pattern(s, r, match);
	if (ntargets == 0 && !ntargets_misplaced)
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' has no target", r->c.name);
	r->targets = arena_alloc(s->a, (ntargets + 1) * sizeof *r->targets);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "target") != 0)
			continue;
		if (r->n_targets == 5)
			diag_error(st->head_loc, DIAG_RULE_TARGETS, "rule '%s' has more than 5 targets; "
				   "EventBridge allows 5 per rule", r->c.name);
		build_target(s, r, &r->targets[r->n_targets++], st);
	}
}
