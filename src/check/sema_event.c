/* sema_event.c - event declarations: each event's source, detail-type, bus
 * and typed fields, and the index of events by source that rule matching
 * reads. Apart from sema_pattern.c, which checks the patterns and filter
 * policies that test these fields. */
#include <string.h>

#include "sema_priv.h"

static const char *const field_types[] = {
	"string", "number", "integer", "boolean", "timestamp", "object", "array", NULL
};

static const char *ftype_name(enum m_ftype t)
{
	return field_types[t];
}


/* NAME TYPE [ITEM-TYPE] [required] [enum("a", "b")] [{ fields }] */
static struct m_field *build_field(struct sema *s, const struct ast_item *it)
{
	struct m_field *f = arena_alloc(s->a, sizeof *f);
	f->name = it->head;
	f->loc = it->head_loc;
	const struct ast_value *w = it->words;
	const char *t;
	if (!w) {
		diag_error(it->loc, DIAG_BAD_STATEMENT, "field '%s' needs a type: %s string", it->head, it->head);
		return f;
	}
	if (!get_choice(s, w, "field type", field_types, &t))
		return f;
	for (int i = 0; field_types[i]; i++)
		if (field_types[i] == t)
			f->type = (enum m_ftype)i;
	w = w->next;
	if (f->type == FT_ARRAY) {
		const char *it_type = "string";
		if (w && w->kind == AV_IDENT && strcmp(w->u.str, "required") != 0) {
			if (get_choice(s, w, "array item type", field_types, &it_type))
				for (int i = 0; field_types[i]; i++)
					if (field_types[i] == it_type)
						f->item_type = (enum m_ftype)i;
			w = w->next;
		} else {
			f->item_type = FT_STRING;
		}
	}
	for (; w; w = w->next) {
		if (w->kind == AV_IDENT && !strcmp(w->u.str, "required")) {
			f->required = true;
		} else if (w->kind == AV_CALL && !strcmp(w->u.call.name, "enum")) {
			size_t n = 0;
			for (const struct ast_value *e = w->u.call.args; e; e = e->next)
				n++;
			f->enum_values = arena_alloc(s->a, (n + 1) * sizeof *f->enum_values);
			for (const struct ast_value *e = w->u.call.args; e; e = e->next) {
				if (e->kind != AV_STRING)
					diag_error(e->loc, DIAG_TYPE, "enum values are strings");
				else
					f->enum_values[f->n_enum++] = e->u.str;
			}
			if (f->type != FT_STRING)
				diag_error(w->loc, DIAG_TYPE, "enum(...) applies to string fields, not %s", ftype_name(f->type));
			if (n == 0)
				diag_error(w->loc, DIAG_BAD_VALUE, "enum(...) needs at least one value");
		} else if (w->kind == AV_IDENT) {
			/* most often two fields on one line: say it once */
			diag_error(w->loc, DIAG_BAD_STATEMENT, "unexpected word '%s' in field '%s'; a field is "
				   "NAME TYPE [required] [enum(...)], one a line or separated by commas", w->u.str, it->head);
			break;
		} else {
			diag_error(w->loc, DIAG_BAD_STATEMENT, "unexpected %s in field '%s'; "
				   "a field is: NAME TYPE [required] [enum(...)]", ast_vkind_name(w->kind), it->head);
		}
	}
	bool is_object = f->type == FT_OBJECT || (f->type == FT_ARRAY && f->item_type == FT_OBJECT);
	if (it->block && !is_object)
		diag_error(it->block->loc, DIAG_BAD_STATEMENT, "only object fields have a block of fields");
	if (it->block && is_object)
		sema_fields(s, it->block, &f->fields, &f->n_fields);
	return f;
}

void sema_fields(struct sema *s, const struct ast_block *b, struct m_field ***out, size_t *n)
{
	size_t count = 0;
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next)
		count++;
	*out = arena_alloc(s->a, (count + 1) * sizeof **out);
	*n = 0;
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next) {
		if (it->kind != AI_STMT) {
			diag_error(it->loc, DIAG_BAD_STATEMENT, "a field is declared as: NAME TYPE [required]");
			continue;
		}
		struct m_field *f = build_field(s, it);
		for (size_t i = 0; i < *n; i++) {
			if (!strcmp((*out)[i]->name, f->name)) {
				diag_error(f->loc, DIAG_DUPLICATE, "duplicate field '%s'", f->name);
				diag_note((*out)[i]->loc, "first declared here");
			}
		}
		(*out)[(*n)++] = f;
	}
}

static void build_event(struct sema *s, struct m_event *e, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "source", "detail_type", "version", "bus", NULL };
	static const char *const stmts[] = { "detail", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "an event");
	get_string(s, view_value(&v, "description"), "description", &e->c.description);
	if (!view_attr(&v, "source"))
		diag_error(e->c.loc, DIAG_MISSING_ATTR, "event '%s' has no source", e->c.name);
	get_string(s, view_value(&v, "source"), "source", &e->source);
	e->detail_type = e->c.name;
	get_string(s, view_value(&v, "detail_type"), "detail_type", &e->detail_type);
	long long ver = 1;
	get_int(s, view_value(&v, "version"), "version", 1, 1000000, DIAG_RANGE, &ver);
	e->version = (int)ver;
	e->version_declared = view_attr(&v, "version") != NULL;
	const struct ast_value *bus = view_value(&v, "bus");
	if (bus && bus->kind == AV_IDENT)
		e->bus = (struct m_bus *)sema_lookup(s, MK_BUS, bus->u.str, bus->loc);
	else if (bus)
		diag_error(bus->loc, DIAG_TYPE, "bus names a bus: bus = orders");
	else if (s->m->n_buses == 1)
		e->bus = s->m->buses[0];
	const struct ast_item *detail = NULL;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "detail") != 0)
			continue;
		if (detail) {
			diag_error(st->head_loc, DIAG_DUPLICATE, "a second detail block in event '%s'", e->c.name);
			continue;
		}
		detail = st;
		if (st->words)
			diag_error(st->words->loc, DIAG_BAD_STATEMENT, "'detail' takes no name");
		sema_fields(s, st->block, &e->fields, &e->n_fields);
	}
	if (!detail)
		e->fields = arena_alloc(s->a, sizeof *e->fields);
}

/* Events by source, in declaration order: rules name their sources, so
 * matching looks at those events only, and a pattern of thousands of
 * events and rules checks in time linear in its size. */
static void index_event(struct sema *s, struct m_event *e, size_t index)
{
	if (!e->source)
		return;
	json_t *list = json_object_get(s->events_by_source, e->source);
	if (!list) {
		list = json_array();
		json_object_set_new(s->events_by_source, e->source, list);
	}
	/* Two declarations of one event type would make matches ambiguous. */
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		struct m_event *o = s->m->events[json_integer_value(v)];
		if (!strcmp(o->detail_type, e->detail_type) && o->bus == e->bus) {
			diag_error(e->c.loc, DIAG_DUPLICATE, "event '%s' has the same source and detail-type as event '%s'",
				   e->c.name, o->c.name);
			diag_note(o->c.loc, "'%s' is declared here", o->c.name);
		}
	}
	json_array_append_new(list, json_integer((json_int_t)index));
}

void sema_events(struct sema *s)
{
	s->events_by_source = json_object();
	for (size_t i = 0; i < s->decls[MK_EVENT].n; i++) {
		struct decl *d = s->decls[MK_EVENT].items[i];
		build_event(s, (struct m_event *)d->comp, d->item);
		index_event(s, (struct m_event *)d->comp, i); /* m->events is in declaration order */
	}
}

const struct m_field *sema_event_field(const struct m_event *e, const char *const *path, size_t n)
{
	struct m_field *const *fields = e->fields;
	size_t nf = e->n_fields;
	const struct m_field *f = NULL;
	for (size_t i = 0; i < n; i++) {
		f = NULL;
		for (size_t k = 0; k < nf; k++)
			if (!strcmp(fields[k]->name, path[i]))
				f = fields[k];
		if (!f)
			return NULL;
		fields = f->fields;
		nf = f->n_fields;
	}
	return f;
}
