/* asl_data.c - the data of ASL states: parameter trees with JSONPaths at
 * any depth ("key.$", States.Array for lists of paths) and DynamoDB
 * AttributeValues typed as sema found them. Apart from asl.c, which
 * builds the states around them. */
#include "asl_priv.h"
#include "jtext.h"

#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */

static json_t *list_json(struct asl *x, const struct m_param *p);

json_t *asl_param_map(struct asl *x, const struct m_param *p)
{
	json_t *o = json_object();
	for (size_t i = 0; i < p->n_children; i++)
		asl_put_param(x, o, &p->children[i]);
	return o;
}

/* An intrinsic's string argument: in single quotes, with ' { } \ escaped
 * ("Intrinsic functions", Step Functions developer guide). */
static void append_quoted(struct asl *x, const char **out, const char *s)
{
	const char *r = arena_printf(x->a, "%s'", *out);
	for (; *s; s++)
		r = strchr("'{}\\", *s) ? arena_printf(x->a, "%s\\%c", r, *s) : arena_printf(x->a, "%s%c", r, *s);
	*out = arena_printf(x->a, "%s'", r);
}

/* [ $.a, "b", 1 ] becomes States.Array($.a, 'b', 1): a JSONPath cannot
 * stand in a JSON array, whose elements have no "key.$" to mark it. */
static const char *states_array(struct asl *x, const struct m_param *p)
{
	const char *r = "States.Array(";
	for (size_t i = 0; i < p->n_children; i++) {
		const struct m_param *e = &p->children[i];
		if (i)
			r = arena_printf(x->a, "%s, ", r);
		if (e->kind == MP_PATH) {
			r = arena_printf(x->a, "%s%s", r, e->path);
		} else if (e->kind == MP_LIST) {
			r = arena_printf(x->a, "%s%s", r, states_array(x, e));
		} else if (e->kind == MP_COMP) {
			/* unescaped: DefinitionSubstitutions must find ${...} as is */
			json_t *ph = asl_placeholder(x, e->comp, e->attr);
			r = arena_printf(x->a, "%s'%s'", r, json_string_value(ph));
			json_decref(ph);
		} else if (json_is_string(e->literal)) {
			append_quoted(x, &r, json_string_value(e->literal));
		} else {
			char *d = json_text(e->literal, JSON_ENCODE_ANY);
			r = arena_printf(x->a, "%s%s", r, d ? d : "null");
			free(d);
		}
	}
	return arena_printf(x->a, "%s)", r);
}

/* A list without paths: a JSON array, whose maps read their own paths. */
static json_t *list_json(struct asl *x, const struct m_param *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_children; i++) {
		const struct m_param *e = &p->children[i];
		if (e->kind == MP_MAP)
			json_array_append_new(a, asl_param_map(x, e));
		else if (e->kind == MP_LIST)
			json_array_append_new(a, list_json(x, e));
		else if (e->kind == MP_LITERAL)
			json_array_append(a, e->literal);
		else if (e->kind == MP_COMP)
			json_array_append_new(a, asl_placeholder(x, e->comp, e->attr));
	}
	return a;
}

/* key = $.x becomes "key.$": "$.x" */
void asl_put_param(struct asl *x, json_t *obj, const struct m_param *p)
{
	switch (p->kind) {
	case MP_PATH:
		json_object_set_new(obj, arena_printf(x->a, "%s.$", p->key), json_string(p->path));
		break;
	case MP_LITERAL:
		json_object_set(obj, p->key, p->literal);
		break;
	case MP_MAP:
		json_object_set_new(obj, p->key, asl_param_map(x, p));
		break;
	case MP_LIST:
		if (m_param_list_reads_path(p))
			json_object_set_new(obj, arena_printf(x->a, "%s.$", p->key), json_string(states_array(x, p)));
		else
			json_object_set_new(obj, p->key, list_json(x, p));
		break;
	case MP_COMP:
		json_object_set_new(obj, p->key, asl_placeholder(x, p->comp, p->attr));
		break;
	}
}

/* DynamoDB attribute values: {"S.$": "$.id"}, {"N": "5"}, {"M": {...}},
 * typed by sema from the event schema (or the table's key). */
static json_t *dynamo_value(struct asl *x, const struct m_param *p, const char *path_type);

/* A path of TYPE. DynamoDB takes numbers as strings: format the JSON number. */
static json_t *dynamo_path(struct asl *x, const char *path, const char *type)
{
	json_t *v = json_object();
	json_object_set_new(v, arena_printf(x->a, "%s.$", type),
			    json_string(strcmp(type, "N") ? path : arena_printf(x->a, "States.Format('{}', %s)", path)));
	return v;
}

/* An object field with declared fields: an M of each of them. */
static json_t *dynamo_object(struct asl *x, const char *path, const struct m_field *f)
{
	json_t *m = json_object();
	for (size_t i = 0; i < f->n_fields; i++) {
		const struct m_field *sub = f->fields[i];
		const char *sp = arena_printf(x->a, "%s.%s", path, sub->name);
		if (sub->type == FT_OBJECT && sub->n_fields)
			json_object_set_new(m, sub->name, dynamo_object(x, sp, sub));
		else
			json_object_set_new(m, sub->name, dynamo_path(x, sp, sub->type == FT_NUMBER || sub->type == FT_INTEGER
				? "N" : sub->type == FT_BOOLEAN ? "BOOL" : "S"));
	}
	json_t *v = json_object();
	json_object_set_new(v, "M", m);
	return v;
}

static json_t *dynamo_literal(struct asl *x, json_t *lit)
{
	json_t *v = json_object();
	if (json_is_string(lit)) {
		json_object_set(v, "S", lit);
	} else if (json_is_number(lit)) {
		char *s = json_text(lit, JSON_ENCODE_ANY);
		json_object_set_new(v, "N", json_string(s ? s : "0"));
		free(s);
	} else if (json_is_boolean(lit)) {
		json_object_set(v, "BOOL", lit);
	} else if (json_is_array(lit)) {
		json_t *l = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(lit, i, e)
			json_array_append_new(l, dynamo_literal(x, e));
		json_object_set_new(v, "L", l);
	} else if (json_is_object(lit)) {
		json_t *m = json_object();
		const char *k;
		json_t *e;
		json_object_foreach(lit, k, e)
			json_object_set_new(m, k, dynamo_literal(x, e));
		json_object_set_new(v, "M", m);
	} else {
		json_object_set_new(v, "NULL", json_true());
	}
	return v;
}

/* { N = $.count }: an AttributeValue written out (sema's rule too). */
static bool typed_attribute(const struct m_param *p)
{
	static const char *const letters[] = { "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", NULL };
	for (size_t i = 0; p->kind == MP_MAP && p->n_children == 1 && letters[i]; i++)
		if (!strcmp(p->children[0].key, letters[i]))
			return true;
	return false;
}

static json_t *dynamo_value(struct asl *x, const struct m_param *p, const char *path_type)
{
	json_t *v;
	switch (p->kind) {
	case MP_PATH:
		if (p->field)
			return dynamo_object(x, p->path, p->field);
		return dynamo_path(x, p->path, p->dynamo_type ? p->dynamo_type : path_type);
	case MP_MAP:
		v = json_object();
		if (typed_attribute(p)) {
			/* written out: { N = $.count } */
			const struct m_param *c = &p->children[0];
			if (c->kind != MP_PATH) {
				asl_put_param(x, v, c);
				return v;
			}
			json_decref(v);
			return dynamo_path(x, c->path, c->key);
		}
		json_t *m = json_object();
		for (size_t i = 0; i < p->n_children; i++)
			json_object_set_new(m, p->children[i].key, dynamo_value(x, &p->children[i], "S"));
		json_object_set_new(v, "M", m);
		return v;
	case MP_LIST: {
		json_t *l = json_array();
		for (size_t i = 0; i < p->n_children; i++)
			json_array_append_new(l, dynamo_value(x, &p->children[i], "S"));
		v = json_object();
		json_object_set_new(v, "L", l);
		return v;
	}
	case MP_COMP:
		v = json_object();
		json_object_set_new(v, "S", asl_placeholder(x, p->comp, p->attr));
		return v;
	case MP_LITERAL:
		break;
	}
	return dynamo_literal(x, p->literal);
}

static const char *attr_type_letter(enum m_attr_type t)
{
	return t == AT_NUMBER ? "N" : t == AT_BINARY ? "B" : "S";
}

json_t *asl_dynamo_item(struct asl *x, const struct m_table *t, const struct m_param *p)
{
	json_t *o = json_object();
	for (size_t i = 0; p && p->kind == MP_MAP && i < p->n_children; i++) {
		const struct m_param *c = &p->children[i];
		const char *type = "S";
		if (t && !strcmp(c->key, t->pk))
			type = attr_type_letter(t->pk_type);
		else if (t && t->sk && !strcmp(c->key, t->sk))
			type = attr_type_letter(t->sk_type);
		json_object_set_new(o, c->key, dynamo_value(x, c, type));
	}
	return o;
}
