/* sema_pattern.c - EventBridge rule patterns and SNS filter policies: their
 * operators and operand shapes, the fields they test against the events
 * that a rule matches, and which declared events those are. The events
 * themselves are read in sema_event.c. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "misspell.h"
#include "sema_priv.h"

/* ---- patterns ---- */

enum operand { OP_STRING = 1, OP_NUMBER = 2, OP_BOOL = 4 };

struct pctx {
	struct sema *s;
	bool sns;                 /* an SNS filter policy, not a rule pattern */
	const struct m_comp *source; /* a Lambda event source's filter: its records */
	struct m_event **events;  /* what the rule matches; fields are checked */
	size_t n_events;
	bool check_fields;
	const char *const *top;   /* a pipe's filter: the fields of its source's records */
	const char *top_what;     /* what those records are, for messages */
	const char *path[32];     /* the field being tested */
	struct loc path_loc;
	size_t depth;
};

static const char *const envelope[] = {
	"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", NULL
};

static const char *const operators[] = {
	"prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard", NULL
};

static const char *path_string(struct pctx *p)
{
	size_t len = 0;
	for (size_t i = 0; i < p->depth; i++)
		len += strlen(p->path[i]) + 1;
	char *out = arena_alloc(p->s->a, len + 1);
	for (size_t i = 0; i < p->depth; i++) {
		if (i)
			strcat(out, ".");
		strcat(out, p->path[i]);
	}
	return out;
}

/* The declared field under test, from the first matched event that has
 * it; NULL when fields are not checked or the path is not under detail. */
static const struct m_field *tested_field(struct pctx *p)
{
	if (!p->check_fields || p->depth < 2 || strcmp(p->path[0], "detail") != 0)
		return NULL;
	for (size_t i = 0; i < p->n_events; i++) {
		const struct m_field *f = sema_event_field(p->events[i], p->path + 1, p->depth - 1);
		if (f)
			return f;
	}
	return NULL;
}

/* Which operand types the field under test accepts. */
static unsigned accepted(struct pctx *p, const struct m_field **fp)
{
	*fp = NULL;
	if (p->depth == 1 && !p->sns)
		return strcmp(p->path[0], "detail") ? OP_STRING : 0;
	const struct m_field *f = tested_field(p);
	*fp = f;
	if (!f)
		return OP_STRING | OP_NUMBER | OP_BOOL;
	enum m_ftype t = f->type == FT_ARRAY ? f->item_type : f->type;
	switch (t) {
	case FT_STRING:
	case FT_TIMESTAMP:
		return OP_STRING;
	case FT_NUMBER:
	case FT_INTEGER:
		return OP_NUMBER;
	case FT_BOOLEAN:
		return OP_BOOL;
	default:
		return 0;
	}
}

static const char *type_word(const struct m_field *f, struct pctx *p)
{
	if (!f)
		return p->depth == 1 ? "a string field" : "an object";
	enum m_ftype t = f->type == FT_ARRAY ? f->item_type : f->type;
	static const char *const words[] = {
		"a string", "a number", "an integer", "a boolean", "a timestamp", "an object", "an array"
	};
	return words[t];
}

static bool check_operand(struct pctx *p, const struct ast_value *v, enum operand got)
{
	const struct m_field *f;
	unsigned ok = accepted(p, &f);
	if (ok & got)
		return true;
	if (p->depth == 1 && !p->sns) {
		/* only `detail` accepts nothing at the top: it is an object */
		diag_error(v->loc, DIAG_PATTERN_TYPE, "'detail' is the event's detail object; match its fields, "
			   "as detail.FIELD = [...]");
		return false;
	}
	const char *what = got == OP_STRING ? "a string" : got == OP_NUMBER ? "a number" : "a boolean";
	diag_error(v->loc, DIAG_PATTERN_TYPE, "'%s' is %s, but this value is %s%s", path_string(p),
		   type_word(f, p), what, sema_env_suffix(p->s, v));
	if (f)
		diag_note(f->loc, "'%s' is declared here", f->name);
	return false;
}

static void check_enum(struct pctx *p, const struct ast_value *v)
{
	const struct m_field *f;
	accepted(p, &f);
	if (!f || !f->n_enum)
		return;
	for (size_t i = 0; i < f->n_enum; i++)
		if (!strcmp(f->enum_values[i], v->u.str))
			return;
	const char *hint = misspell_suggest(v->u.str, f->enum_values);
	if (hint)
		diag_error(v->loc, DIAG_PATTERN_ENUM, "'%s' is not a value of '%s'%s; did you mean '%s'?",
			   v->u.str, path_string(p), sema_env_suffix(p->s, v), hint);
	else
		diag_error(v->loc, DIAG_PATTERN_ENUM, "'%s' is not a value of '%s'%s", v->u.str, path_string(p),
			   sema_env_suffix(p->s, v));
	diag_note(f->loc, "'%s' is declared here", f->name);
}

static json_t *operand_error(const struct ast_value *v, const char *op, const char *want)
{
	diag_error(v->loc, DIAG_PATTERN_OPERAND, "'%s' takes %s", op, want);
	return NULL;
}

static bool valid_cidr(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strlen(s) > 64)
		return false;
	char addr[65];
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	char *end;
	long bits = strtol(slash + 1, &end, 10);
	unsigned char buf[16];
	if (*end)
		return false;
	if (inet_pton(AF_INET, addr, buf) == 1)
		return bits >= 0 && bits <= 32;
	if (inet_pton(AF_INET6, addr, buf) == 1)
		return bits >= 0 && bits <= 128;
	return false;
}

static json_t *scalar_json(struct pctx *p, const struct ast_value *v, unsigned allow, const char *op)
{
	if (!(v = sema_eval(p->s, v))) /* env.NAME, ${env.NAME} */
		return NULL;
	switch (v->kind) {
	case AV_STRING:
		if (!(allow & OP_STRING))
			break;
		if (!check_operand(p, v, OP_STRING))
			return NULL;
		if (!op)
			check_enum(p, v);
		return json_string(v->u.str);
	case AV_NUMBER:
		if (!(allow & OP_NUMBER))
			break;
		if (!check_operand(p, v, OP_NUMBER))
			return NULL;
		return v->u.num.is_int ? json_integer(v->u.num.ival) : json_real(v->u.num.val);
	case AV_BOOL:
		if (!(allow & OP_BOOL))
			break;
		if (!check_operand(p, v, OP_BOOL))
			return NULL;
		return json_boolean(v->u.b);
	default:
		break;
	}
	if (op)
		return operand_error(v, op, allow == OP_STRING ? "a string" : "a string or a number");
	diag_error(v->loc, DIAG_PATTERN_OPERAND,
		   "a pattern value is a string, number, boolean or an operator such as { prefix = \"x\" }, not %s",
		   ast_vkind_name(v->kind));
	return NULL;
}

/* { equals-ignore-case = "x" } inside prefix and suffix */
static json_t *ignore_case_json(struct pctx *p, const struct ast_value *v, const char *op)
{
	const struct ast_item *e = v->u.map;
	const struct ast_value *val = e ? sema_eval(p->s, e->value) : NULL;
	if (!e || e->next || e->key.n != 1 || strcmp(e->key.parts[0], "equals-ignore-case") != 0 ||
	    !val || val->kind != AV_STRING)
		return operand_error(v, op, "a string or { equals-ignore-case = \"x\" }");
	if (!check_operand(p, val, OP_STRING))
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "equals-ignore-case", json_string(val->u.str));
	return o;
}

static bool one_of(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(s, set[i]))
			return true;
	return false;
}

/* [">", 0] or [">=", 0, "<", 5]: one comparison, or a lower and an upper
 * bound. */
static json_t *numeric_json(struct pctx *p, const struct ast_value *v)
{
	static const char *const all[] = { "<", "<=", "=", ">", ">=", NULL };
	static const char *const lower[] = { ">", ">=", NULL };
	static const char *const upper[] = { "<", "<=", NULL };
	const char *want = "a list of a comparison and a number: [\">\", 0] or [\">\", 0, \"<=\", 5]";
	if (v->kind != AV_LIST)
		return operand_error(v, "numeric", want);
	if (!check_operand(p, v, OP_NUMBER))
		return NULL;
	const struct ast_value *e[4];
	size_t n = 0;
	for (const struct ast_value *x = v->u.list; x; x = x->next)
		if (n++ < 4 && !(e[n - 1] = sema_eval(p->s, x)))
			return NULL;
	if (n != 2 && n != 4)
		return operand_error(v, "numeric", want);
	for (size_t i = 0; i < n; i += 2) {
		if (e[i]->kind != AV_STRING || !one_of(e[i]->u.str, all))
			return operand_error(e[i], "numeric", "comparisons \"<\", \"<=\", \"=\", \">\" or \">=\"");
		if (e[i + 1]->kind != AV_NUMBER)
			return operand_error(e[i + 1], "numeric", "a number after each comparison");
	}
	if (n == 4 && (!one_of(e[0]->u.str, lower) || !one_of(e[2]->u.str, upper)))
		return operand_error(v, "numeric", "a range as [\">\", low, \"<\", high]");
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		if (i % 2 == 0)
			json_array_append_new(a, json_string(e[i]->u.str));
		else
			json_array_append_new(a, e[i]->u.num.is_int ? json_integer(e[i]->u.num.ival)
								  : json_real(e[i]->u.num.val));
	}
	return a;
}

static json_t *anything_but_json(struct pctx *p, const struct ast_value *v)
{
	if (v->kind == AV_MAP) {
		const struct ast_item *e = v->u.map;
		static const char *const inner[] = { "prefix", "suffix", "wildcard", "equals-ignore-case", NULL };
		bool known = e && !e->next && e->key.n == 1 && one_of(e->key.parts[0], inner);
		const char *k = known ? e->key.parts[0] : "";
		if (!known || (p->sns && !strcmp(k, "wildcard")))
			return operand_error(v, "anything-but", "a value, a list, or { prefix | suffix | wildcard | "
					     "equals-ignore-case = ... }");
		const struct ast_value *inner_v = sema_eval(p->s, e->value);
		if (!inner_v)
			return NULL;
		json_t *val = inner_v->kind == AV_LIST ? NULL : scalar_json(p, inner_v, OP_STRING, "anything-but");
		if (inner_v->kind == AV_LIST) {
			val = json_array();
			for (const struct ast_value *x = inner_v->u.list; x; x = x->next) {
				json_t *j = scalar_json(p, x, OP_STRING, "anything-but");
				if (!j) {
					json_decref(val);
					return NULL;
				}
				json_array_append_new(val, j);
			}
		}
		if (!val)
			return NULL;
		json_t *o = json_object();
		json_object_set_new(o, k, val);
		return o;
	}
	if (v->kind == AV_LIST) {
		json_t *a = json_array();
		for (const struct ast_value *x = v->u.list; x; x = x->next) {
			json_t *j = scalar_json(p, x, OP_STRING | OP_NUMBER, "anything-but");
			if (!j) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, j);
		}
		return a;
	}
	return scalar_json(p, v, OP_STRING | OP_NUMBER, "anything-but");
}

/* { OPERATOR = OPERAND } */
static json_t *operator_json(struct pctx *p, const struct ast_value *v)
{
	const struct ast_item *e = v->u.map;
	if (!e) {
		diag_error(v->loc, DIAG_PATTERN_OPERAND, "an empty operator map; expected { prefix = \"x\" } or the like");
		return NULL;
	}
	if (e->next) {
		diag_error(e->next->loc, DIAG_PATTERN_OPERAND, "an operator map holds one operator; "
			   "write each in its own { }");
		return NULL;
	}
	const char *op = ast_path_string(p->s->a, &e->key);
	const struct ast_value *arg = sema_eval(p->s, e->value);
	if (!arg)
		return NULL;
	bool known = false;
	for (int i = 0; operators[i]; i++)
		known |= !strcmp(operators[i], op);
	bool lambda_lacks = p->source && (!strcmp(op, "wildcard") || !strcmp(op, "cidr"));
	if (!known || (p->sns && !strcmp(op, "wildcard")) || lambda_lacks) {
		const char *hint = misspell_suggest(op, operators);
		if (known)
			diag_error(e->key.locs[0], DIAG_PATTERN_OPERATOR, "%s have no '%s' operator",
				   p->source ? "Lambda event filters" : "SNS filter policies", op);
		else if (hint)
			diag_error(e->key.locs[0], DIAG_PATTERN_OPERATOR, "unknown pattern operator '%s'; did you mean '%s'?",
				   op, hint);
		else
			diag_error(e->key.locs[0], DIAG_PATTERN_OPERATOR, "unknown pattern operator '%s'", op);
		return NULL;
	}
	json_t *val = NULL;
	if (!strcmp(op, "prefix") || !strcmp(op, "suffix"))
		val = arg->kind == AV_MAP ? ignore_case_json(p, arg, op) : scalar_json(p, arg, OP_STRING, op);
	else if (!strcmp(op, "equals-ignore-case") || !strcmp(op, "wildcard"))
		val = scalar_json(p, arg, OP_STRING, op);
	else if (!strcmp(op, "numeric"))
		val = numeric_json(p, arg);
	else if (!strcmp(op, "exists"))
		val = arg->kind == AV_BOOL ? json_boolean(arg->u.b) : operand_error(arg, op, "true or false");
	else if (!strcmp(op, "cidr")) {
		if (arg->kind != AV_STRING || !valid_cidr(arg->u.str))
			return operand_error(arg, op, "an IP range such as \"10.0.0.0/24\"");
		val = check_operand(p, arg, OP_STRING) ? json_string(arg->u.str) : NULL;
	} else if (!strcmp(op, "anything-but"))
		val = anything_but_json(p, arg);
	if (!val)
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, op, val);
	return o;
}

static json_t *leaf_json(struct pctx *p, const struct ast_value *v)
{
	v = sema_pattern_values(p->s, v);
	if (!v)
		return NULL;
	if (v->kind != AV_LIST) {
		diag_error(v->loc, DIAG_PATTERN_LIST, "'%s' must be matched against a list: [%s]",
			   path_string(p), v->kind == AV_STRING ? "\"...\"" : "...");
		return NULL;
	}
	if (!v->u.list) {
		diag_error(v->loc, DIAG_PATTERN_LIST, "'%s' is matched against an empty list, which matches nothing",
			   path_string(p));
		return NULL;
	}
	json_t *a = json_array();
	bool ok = true;
	for (const struct ast_value *e = v->u.list; e; e = e->next) {
		json_t *j = e->kind == AV_MAP ? operator_json(p, e) : scalar_json(p, e, OP_STRING | OP_NUMBER | OP_BOOL, NULL);
		if (j)
			json_array_append_new(a, j);
		else
			ok = false;
	}
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* The top-level fields of the records Lambda filters ("Lambda event
 * filtering": an SQS message, a DynamoDB stream record, a Kinesis
 * record, whose data Lambda decodes from base64 to filter on). */
static const char *const sqs_record[] = {
	"messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
	"md5OfMessageAttributes", "eventSource", "eventSourceARN", "awsRegion", NULL
};
static const char *const kinesis_record[] = {
	"data", "partitionKey", "sequenceNumber", "approximateArrivalTimestamp", "kinesisSchemaVersion",
	"eventSource", "eventID", "eventName", "eventVersion", "awsRegion", "eventSourceARN", NULL
};
static const char *const ddb_record[] = {
	"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN",
	"userIdentity", NULL
};

/* dynamodb.Keys holds the table's key attributes, each typed as its key
 * declares (S, N or B); so do the images, for those attributes. */
static bool check_key_attr(struct pctx *p, const struct m_table *t, struct loc loc)
{
	const char *img = p->path[1], *attr = p->path[2];
	bool keys = !strcmp(img, "Keys");
	if (!keys && strcmp(img, "NewImage") != 0 && strcmp(img, "OldImage") != 0)
		return true;
	bool pk = !strcmp(attr, t->pk), sk = t->sk && !strcmp(attr, t->sk);
	if (p->depth == 3 && keys && !pk && !sk) {
		diag_error(loc, DIAG_SOURCE_FILTER_TYPE, "'%s' is not a key attribute of table '%s'; dynamodb.Keys "
			   "holds %s%s%s", attr, t->c.name, t->pk, t->sk ? " and " : "", t->sk ? t->sk : "");
		return false;
	}
	if (p->depth != 4 || (!pk && !sk))
		return true;
	enum m_attr_type type = pk ? t->pk_type : t->sk_type;
	const char *want = type == AT_NUMBER ? "N" : type == AT_BINARY ? "B" : "S";
	if (strcmp(p->path[3], want) != 0) {
		diag_error(loc, DIAG_SOURCE_FILTER_TYPE, "'%s' of table '%s' is typed %s; write dynamodb.%s.%s.%s",
			   attr, t->c.name, want, img, attr, want);
		diag_note(t->c.loc, "table '%s' is declared here", t->c.name);
		return false;
	}
	return true;
}

const char *const *sema_record_fields(enum m_kind source, const char **what)
{
	*what = source == MK_TABLE ? "a DynamoDB stream record" : source == MK_STREAM ? "a Kinesis record"
		: "an SQS message";
	return source == MK_TABLE ? ddb_record : source == MK_STREAM ? kinesis_record : sqs_record;
}

static bool check_record_field(struct pctx *p, struct loc loc)
{
	bool table = p->source->kind == MK_TABLE;
	if (p->depth > 2 && table && !strcmp(p->path[0], "dynamodb"))
		return check_key_attr(p, (const struct m_table *)p->source, loc);
	if (p->depth != 1)
		return true;
	bool kinesis = p->source->kind == MK_STREAM;
	const char *what;
	const char *const *fields = sema_record_fields(p->source->kind, &what);
	for (size_t i = 0; fields[i]; i++)
		if (!strcmp(fields[i], p->path[0]))
			return true;
	const char *hint = misspell_suggest(p->path[0], fields);
	if (hint)
		diag_error(loc, DIAG_SOURCE_FILTER_FIELD, "'%s' is not a field of %s; did you mean '%s'?",
			   p->path[0], what, hint);
	else
		diag_error(loc, DIAG_SOURCE_FILTER_FIELD, "'%s' is not a field of %s; filter on %s", p->path[0],
			   what, table ? "eventName or dynamodb.NewImage..." : kinesis ? "data.FIELD or partitionKey"
			   : "body.FIELD or attributes.FIELD");
	return false;
}

/* Does the field under test exist? Reports it when not. */
static bool check_field(struct pctx *p, struct loc loc)
{
	if (p->source)
		return check_record_field(p, loc);
	/* an SNS policy is checked only on a body that carries known events */
	if (p->sns && !p->check_fields)
		return true;
	if (p->depth == 1 && p->top) {
		for (int i = 0; p->top[i]; i++)
			if (!strcmp(p->top[i], p->path[0]))
				return true;
		const char *hint = misspell_suggest(p->path[0], p->top);
		const char *list = "";
		for (int i = 0; !hint && p->top[i]; i++)
			list = arena_printf(p->s->a, "%s%s%s", list, i ? ", " : "", p->top[i]);
		if (hint)
			diag_error(loc, DIAG_PIPE_FIELD, "%s has no field '%s'; did you mean '%s'?", p->top_what,
				   p->path[0], hint);
		else
			diag_error(loc, DIAG_PIPE_FIELD, "%s has no field '%s'; it has %s", p->top_what, p->path[0], list);
		return false;
	}
	if (p->depth == 1) {
		for (int i = 0; envelope[i]; i++)
			if (!strcmp(envelope[i], p->path[0]))
				return true;
		const char *hint = misspell_suggest(p->path[0], envelope);
		if (hint)
			diag_error(loc, DIAG_PATTERN_TOPFIELD, "unknown event field '%s'; did you mean '%s'?",
				   p->path[0], hint);
		else
			diag_error(loc, DIAG_PATTERN_TOPFIELD, "unknown event field '%s'; events have version, id, "
				   "detail-type, source, account, time, region, resources and detail", p->path[0]);
		return false;
	}
	if (!p->check_fields || strcmp(p->path[0], "detail") != 0 || tested_field(p))
		return true;
	/* not declared: suggest from the matched events' fields at this level */
	struct misspell m;
	misspell_init(&m, p->path[p->depth - 1]);
	for (size_t i = 0; i < p->n_events; i++) {
		struct m_field *const *fields = p->events[i]->fields;
		size_t nf = p->events[i]->n_fields;
		if (p->depth > 2) {
			const struct m_field *parent = sema_event_field(p->events[i], p->path + 1, p->depth - 2);
			fields = parent ? parent->fields : NULL;
			nf = parent ? parent->n_fields : 0;
		}
		for (size_t k = 0; k < nf; k++)
			misspell_consider(&m, fields[k]->name);
	}
	const char *hint = misspell_best(&m);
	size_t len = 1;
	for (size_t i = 0; i < p->n_events; i++)
		len += strlen(p->events[i]->c.name) + 4;
	char *events = arena_alloc(p->s->a, len), *at = events;
	*at = '\0';
	for (size_t i = 0; i < p->n_events; i++)
		at += sprintf(at, "%s'%s'", i ? ", " : "", p->events[i]->c.name);
	if (hint)
		diag_error(loc, DIAG_PATTERN_FIELD, "'%s' is not a field of %s; did you mean '%s'?",
			   path_string(p), events, hint);
	else
		diag_error(loc, DIAG_PATTERN_FIELD, "'%s' is not a field of %s", path_string(p), events);
	return false;
}

static bool object_items(struct pctx *p, const struct ast_item *items, json_t *obj);

/* `$or = [{...}, {...}]` */
static json_t *or_json(struct pctx *p, const struct ast_value *v)
{
	if (v->kind != AV_LIST || !v->u.list || !v->u.list->next) {
		diag_error(v->loc, DIAG_PATTERN_OPERAND, "$or takes a list of at least two maps");
		return NULL;
	}
	/* every alternative is checked, so that all their errors are reported */
	json_t *a = json_array();
	bool ok = true;
	for (const struct ast_value *e = v->u.list; e; e = e->next) {
		if (e->kind != AV_MAP) {
			diag_error(e->loc, DIAG_PATTERN_OPERAND, "each $or alternative is a map { field = [...] }");
			ok = false;
			continue;
		}
		json_t *o = json_object();
		if (!object_items(p, e->u.map, o)) {
			json_decref(o);
			ok = false;
			continue;
		}
		json_array_append_new(a, o);
	}
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* Adds the fields of FROM to INTO; a field in both is matched twice,
 * unless both hold nested fields. */
static bool merge_fields(struct pctx *p, json_t *into, json_t *from, struct loc loc)
{
	const char *k;
	json_t *v;
	bool ok = true;
	json_object_foreach(from, k, v) {
		json_t *old = json_object_get(into, k);
		if (old && json_is_object(old) && json_is_object(v)) {
			ok = merge_fields(p, old, v, loc) && ok;
		} else if (old) {
			diag_error(loc, DIAG_DUPLICATE_ATTR, "'%s.%s' is matched twice", path_string(p), k);
			ok = false;
		} else {
			json_object_set(into, k, v);
		}
	}
	return ok;
}

/* Puts VAL at path KEY below OBJ, making objects on the way. */
static bool put_path(struct pctx *p, json_t *obj, const struct ast_item *it, size_t from, json_t *val)
{
	for (size_t i = from; i + 1 < it->key.n; i++) {
		json_t *child = json_object_get(obj, it->key.parts[i]);
		if (!child) {
			child = json_object();
			json_object_set_new(obj, it->key.parts[i], child);
		} else if (!json_is_object(child)) {
			diag_error(it->key.locs[i], DIAG_PATTERN_OPERAND, "'%s' is matched as a value already", it->key.parts[i]);
			json_decref(val);
			return false;
		}
		obj = child;
	}
	const char *last = it->key.parts[it->key.n - 1];
	json_t *old = json_object_get(obj, last);
	if (old && json_is_object(old) && json_is_object(val)) {
		/* detail.amount = [...] and detail = { currency = [...] } meet here */
		bool ok = merge_fields(p, old, val, it->key.locs[0]);
		json_decref(val);
		return ok;
	}
	if (old) {
		diag_error(it->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is matched twice", path_string(p));
		json_decref(val);
		return false;
	}
	json_object_set_new(obj, last, val);
	return true;
}

static bool object_items(struct pctx *p, const struct ast_item *items, json_t *obj)
{
	bool ok = true;
	for (const struct ast_item *it = items; it; it = it->next) {
		if (it->kind != AI_ATTR) {
			diag_error(it->loc, DIAG_BAD_STATEMENT, "a pattern holds fields: FIELD = [values]");
			ok = false;
			continue;
		}
		size_t saved = p->depth;
		if (it->key.n == 1 && !strcmp(it->key.parts[0], "$or")) {
			json_t *a = or_json(p, it->value);
			ok = a && put_path(p, obj, it, 0, a) && ok;
			continue;
		}
		bool field_ok = true;
		for (size_t i = 0; i < it->key.n && field_ok; i++) {
			if (p->depth >= sizeof p->path / sizeof p->path[0]) {
				diag_error(it->key.locs[i], DIAG_DEPTH, "pattern fields nest too deep");
				field_ok = false;
				break;
			}
			p->path[p->depth++] = it->key.parts[i];
			field_ok = check_field(p, loc_span(it->key.locs[0], it->key.locs[i]));
		}
		if (field_ok) {
			json_t *val;
			if (it->value->kind == AV_MAP) {
				val = json_object();
				if (!object_items(p, it->value->u.map, val)) {
					json_decref(val);
					val = NULL;
				}
			} else {
				val = leaf_json(p, it->value);
			}
			ok = val && put_path(p, obj, it, 0, val) && ok;
		} else {
			ok = false;
		}
		p->depth = saved;
	}
	return ok;
}

/* ---- which events a rule matches ---- */

static bool list_admits(const struct ast_value *list, const char *value)
{
	if (!list || list->kind != AV_LIST)
		return true;
	for (const struct ast_value *e = list->u.list; e; e = e->next) {
		if (e->kind == AV_STRING && !strcmp(e->u.str, value))
			return true;
		if (e->kind == AV_MAP && e->u.map && e->u.map->key.n == 1) {
			const char *op = e->u.map->key.parts[0];
			const struct ast_value *arg = e->u.map->value;
			if (!strcmp(op, "prefix") && arg->kind == AV_STRING &&
			    !strncmp(value, arg->u.str, strlen(arg->u.str)))
				return true;
			if (strcmp(op, "prefix") != 0)
				return true; /* other operators: assume they may match */
		}
	}
	return false;
}

/* The list a top-level field is matched against, env.NAME read; an error
 * in it is the same diagnostic as when the field is checked, printed once. */
static const struct ast_value *top_field(struct sema *s, const struct ast_item *match, const char *name)
{
	for (const struct ast_item *it = match->block ? match->block->items : NULL; it; it = it->next) {
		if (it->kind != AI_ATTR || it->key.n != 1 || strcmp(it->key.parts[0], name) != 0)
			continue;
		return sema_pattern_values(s, it->value); /* its errors again later: said once */
	}
	return NULL;
}

static bool tests_detail(const struct ast_item *items)
{
	for (const struct ast_item *it = items; it; it = it->next) {
		if (it->kind != AI_ATTR)
			continue;
		if (!strcmp(it->key.parts[0], "detail"))
			return true;
		if (!strcmp(it->key.parts[0], "$or") && it->value->kind == AV_LIST)
			for (const struct ast_value *e = it->value->u.list; e; e = e->next)
				if (e->kind == AV_MAP && tests_detail(e->u.map))
					return true;
	}
	return false;
}

static void match_events(struct sema *s, struct m_rule *r, const struct ast_item *match)
{
	const struct ast_value *src = top_field(s, match, "source");
	const struct ast_value *dt = top_field(s, match, "detail-type");
	struct vec found = { 0 };
	/* exact sources: only their events; anything else: every event */
	bool exact = src && src->kind == AV_LIST && src->u.list;
	for (const struct ast_value *v = exact ? src->u.list : NULL; v; v = v->next)
		exact &= v->kind == AV_STRING;
	size_t n = exact ? 0 : s->m->n_events;
	size_t *idx = NULL;
	if (exact) {
		struct vec ids = { 0 };
		for (const struct ast_value *v = src->u.list; v; v = v->next) {
			size_t k;
			json_t *x;
			json_array_foreach(json_object_get(s->events_by_source, v->u.str), k, x)
				vec_push(s->a, &ids, (void *)(uintptr_t)json_integer_value(x));
		}
		n = ids.n;
		idx = arena_alloc(s->a, (n + 1) * sizeof *idx);
		for (size_t k = 0; k < n; k++)
			idx[k] = (size_t)(uintptr_t)ids.items[k];
		/* declaration order, whatever the order of the sources */
		for (size_t a = 1; a < n; a++)
			for (size_t b = a; b > 0 && idx[b - 1] > idx[b]; b--) {
				size_t t = idx[b];
				idx[b] = idx[b - 1];
				idx[b - 1] = t;
			}
	}
	for (size_t k = 0; k < n; k++) {
		struct m_event *e = s->m->events[idx ? idx[k] : k];
		if (k > 0 && idx && idx[k] == idx[k - 1])
			continue;
		if (e->bus && r->bus && e->bus != r->bus)
			continue;
		if (e->source && list_admits(src, e->source) && list_admits(dt, e->detail_type))
			vec_push(s->a, &found, e);
	}
	r->events = (struct m_event **)arena_alloc(s->a, (found.n + 1) * sizeof *r->events);
	for (size_t i = 0; i < found.n; i++)
		r->events[i] = found.items[i];
	r->n_events = found.n;
}

/* Whether an event of SOURCE comes from an AWS service: aws.s3, aws.ec2,
 * but not aws.partner/..., which partner buses carry. */
static bool aws_service_source(const char *source)
{
	return !strncmp(source, "aws.", 4) && strncmp(source, "aws.partner/", 12) != 0;
}

/* AWS services send their events to the account's default bus only
 * (EventBridge user guide, "Events from AWS services"): a rule on another
 * bus that waits for them waits in vain. */
static void check_aws_sources(struct sema *s, const struct m_rule *r, const struct ast_item *match)
{
	const struct ast_value *src = top_field(s, match, "source");
	if (!r->bus || r->bus->origin == BUS_DEFAULT || !src || src->kind != AV_LIST)
		return;
	for (const struct ast_value *e = src->u.list; e; e = e->next) {
		const struct ast_value *v = e;
		if (e->kind == AV_MAP && e->u.map && e->u.map->key.n == 1 && !strcmp(e->u.map->key.parts[0], "prefix"))
			v = e->u.map->value;
		if (v->kind != AV_STRING || !aws_service_source(v->u.str))
			continue;
		diag_warning(v->loc, DIAG_AWS_EVENTS_CUSTOM_BUS, "rule '%s' is on bus '%s', but events from AWS "
			     "services such as '%s' go to the account's default event bus; write 'rule %s on default'",
			     r->c.name, r->bus->c.name, v->u.str, r->c.name);
		return;
	}
	(void)s;
}

void sema_rule_pattern(struct sema *s, struct m_rule *r, const struct ast_item *match)
{
	if (match->words)
		diag_error(match->words->loc, DIAG_BAD_STATEMENT, "'match' takes no name");
	match_events(s, r, match);
	check_aws_sources(s, r, match);
	struct pctx p = { .s = s, .events = r->events, .n_events = r->n_events };
	const struct ast_item *items = match->block ? match->block->items : NULL;
	p.check_fields = r->n_events > 0;
	if (!items) {
		diag_error(match->loc, DIAG_MISSING_ATTR, "an empty match block; EventBridge needs at least one field");
		return;
	}
	if (r->n_events == 0 && s->m->n_events > 0 && tests_detail(items))
		diag_warning(match->head_loc, DIAG_PATTERN_NO_EVENT,
			     "rule '%s' matches no declared event, so its detail fields are not checked", r->c.name);
	json_t *obj = json_object();
	if (!object_items(&p, items, obj)) {
		json_decref(obj);
		return;
	}
	r->pattern = sema_own(s, obj);
	json_decref(obj);
}

void sema_check_body_filter(struct sema *s, const struct ast_block *filter, struct m_event **events, size_t n)
{
	struct pctx p = { .s = s, .sns = true, .events = events, .n_events = n, .check_fields = n > 0 };
	json_t *obj = json_object();
	object_items(&p, filter->items, obj);
	json_decref(obj);
}

/* FILTER's items as a pattern under P's rules, owned by the model; NULL
 * after an error. */
static json_t *owned_pattern(struct pctx *p, const struct ast_block *filter)
{
	json_t *obj = json_object();
	if (!object_items(p, filter->items, obj)) {
		json_decref(obj);
		return NULL;
	}
	sema_own(p->s, obj);
	json_decref(obj);
	return obj;
}

json_t *sema_filter_policy(struct sema *s, const struct ast_block *filter)
{
	struct pctx p = { .s = s, .sns = true };
	if (!filter || !filter->items) {
		diag_error(filter ? filter->loc : (struct loc){ 0, 0, 0 }, DIAG_MISSING_ATTR, "an empty filter policy");
		return NULL;
	}
	return owned_pattern(&p, filter);
}

json_t *sema_source_filter(struct sema *s, const struct ast_block *filter, const struct m_comp *source)
{
	struct pctx p = { .s = s, .sns = true, .source = source };
	return owned_pattern(&p, filter);
}

json_t *sema_record_pattern(struct sema *s, const struct ast_block *filter, const char *const *fields,
			    const char *what)
{
	struct pctx p = { .s = s, .top = fields, .top_what = what };
	if (!filter->items) {
		diag_error(filter->loc, DIAG_MISSING_ATTR, "an empty filter; EventBridge Pipes needs at least one field");
		return NULL;
	}
	return owned_pattern(&p, filter);
}
