/* sema_env.c - the environment blocks: every one defines the same variables,
 * with the same types, as the first; --env picks one and --vars overrides
 * its values. Apart from sema.c because these checks read only the
 * environment blocks and the vars file, never a component. */
#include <string.h>

#include "misspell.h"
#include "sema_priv.h"

static const struct ast_item *env_find(const struct ast_item *env, const char *name)
{
	for (const struct ast_item *a = env->block ? env->block->items : NULL; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], name)) /* names may come from another arena (--vars) */
			return a;
	return NULL;
}

static bool same_value_type(const struct ast_value *a, const struct ast_value *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind != AV_NUMBER || a->u.num.is_int == b->u.num.is_int || true;
}

static void check_env_block(struct sema *s, const struct ast_item *env)
{
	for (const struct ast_item *a = env->block ? env->block->items : NULL; a; a = a->next) {
		if (a->kind != AI_ATTR) {
			diag_error(a->loc, DIAG_BAD_STATEMENT, "an environment holds only variables: NAME = VALUE");
			continue;
		}
		if (a->key.n != 1) {
			diag_error(a->key.locs[0], DIAG_BAD_NAME, "an environment variable's name is one word");
			continue;
		}
		for (const struct ast_item *p = env->block->items; p != a; p = p->next) {
			if (p->kind == AI_ATTR && p->key.n == 1 && p->key.parts[0] == a->key.parts[0]) {
				diag_error(a->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice in environment '%s'",
					   a->key.parts[0], env->words->u.str);
				diag_note(p->key.locs[0], "first set here");
			}
		}
		if (a->value->kind == AV_REF || a->value->kind == AV_TYPEDREF)
			diag_error(a->value->loc, DIAG_TYPE, "an environment variable holds a literal value, "
				   "not a reference");
	}
	(void)s;
}

/* Every environment defines the same variables, with the same types, as
 * the first. */
static void check_envs(struct sema *s)
{
	if (s->env_items.n == 0) {
		struct loc l = s->pattern_item ? s->pattern_item->head_loc : (struct loc){ s->prog->main_file, 0, 0 };
		diag_error(l, DIAG_NO_ENV, "the pattern defines no environment; add one, such as 'environment dev { }'");
		return;
	}
	for (size_t i = 0; i < s->env_items.n; i++)
		check_env_block(s, s->env_items.items[i]);
	const struct ast_item *first = s->env_items.items[0];
	const char *fname = first->words->u.str;
	for (size_t i = 1; i < s->env_items.n; i++) {
		const struct ast_item *env = s->env_items.items[i];
		const char *ename = env->words->u.str;
		for (const struct ast_item *a = first->block ? first->block->items : NULL; a; a = a->next) {
			if (a->kind != AI_ATTR || a->key.n != 1)
				continue;
			const struct ast_item *b = env_find(env, a->key.parts[0]);
			if (!b) {
				diag_error(env->words->loc, DIAG_ENV_MISMATCH,
					   "environment '%s' does not define '%s', which environment '%s' defines",
					   ename, a->key.parts[0], fname);
				diag_note(a->key.locs[0], "'%s' is defined here", a->key.parts[0]);
			} else if (!same_value_type(a->value, b->value)) {
				diag_error(b->value->loc, DIAG_ENV_TYPE,
					   "'%s' is %s in environment '%s' but %s in environment '%s'",
					   a->key.parts[0], ast_vkind_name(b->value->kind), ename,
					   ast_vkind_name(a->value->kind), fname);
				diag_note(a->value->loc, "defined here");
			}
		}
		for (const struct ast_item *b = env->block ? env->block->items : NULL; b; b = b->next) {
			if (b->kind == AI_ATTR && b->key.n == 1 && !env_find(first, b->key.parts[0]))
				diag_error(b->key.locs[0], DIAG_ENV_MISMATCH,
					   "environment '%s' defines '%s', which environment '%s' does not",
					   ename, b->key.parts[0], fname);
		}
	}
}

static void check_vars(struct sema *s)
{
	if (!s->vars || s->env_items.n == 0)
		return;
	const struct ast_item *first = s->env_items.items[0];
	for (size_t i = 0; i < s->vars->names.n; i++) {
		const char *name = s->vars->names.items[i];
		const struct ast_value *v = s->vars->values.items[i];
		const struct loc *kl = s->vars->keylocs.items[i];
		const struct ast_item *def = env_find(first, name);
		if (!def) {
			struct misspell m;
			misspell_init(&m, name);
			for (const struct ast_item *a = first->block ? first->block->items : NULL; a; a = a->next)
				if (a->kind == AI_ATTR && a->key.n == 1)
					misspell_consider(&m, a->key.parts[0]);
			const char *hint = misspell_best(&m);
			if (hint)
				diag_warning(*kl, DIAG_VARS_UNKNOWN, "'%s' is not an environment variable of the pattern; "
					   "did you mean '%s'?", name, hint);
			else
				diag_warning(*kl, DIAG_VARS_UNKNOWN, "'%s' is not an environment variable of the pattern", name);
			continue;
		}
		/* a YAML string stands for a bare word (tracing: active) */
		bool word = def->value->kind == AV_IDENT && v->kind == AV_STRING;
		if (!word && !same_value_type(def->value, v)) {
			diag_error(v->loc, DIAG_VARS_FILE, "'%s' must be %s, as in the pattern, not %s",
				   name, ast_vkind_name(def->value->kind), ast_vkind_name(v->kind));
			diag_note(def->value->loc, "defined here");
		}
	}
}

static bool select_env(struct sema *s, const char *env)
{
	if (!env || s->env_items.n == 0)
		return true;
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; i < s->env_items.n; i++) {
		const struct ast_item *e = s->env_items.items[i];
		if (strcmp(e->words->u.str, env) == 0) {
			s->env_index = i;
			return true;
		}
		if (n < 63)
			names[n++] = e->words->u.str;
	}
	names[n] = NULL;
	const char *hint = misspell_suggest(env, names);
	struct loc none = { 0, 0, 0 };
	if (hint)
		diag_error(none, DIAG_UNKNOWN_ENV, "unknown environment '%s'; did you mean '%s'?", env, hint);
	else
		diag_error(none, DIAG_UNKNOWN_ENV, "unknown environment '%s'", env);
	return false;
}

size_t sema_env_names(const struct program *prog, const char ***names, struct arena *a)
{
	struct vec v = { 0 };
	for (size_t i = 0; i < prog->items.n; i++) {
		const struct ast_item *it = prog->items.items[i];
		if (it->kind != AI_STMT || strcmp(it->head, "environment") != 0 || !it->words ||
		    it->words->kind != AV_IDENT)
			continue;
		bool dup = false;
		for (size_t j = 0; j < v.n; j++)
			dup |= v.items[j] == it->words->u.str;
		if (!dup)
			vec_push(a, &v, (void *)it->words->u.str);
	}
	*names = (const char **)v.items;
	return v.n;
}

/* Whether environment E keeps its data when its stack goes: its
 * variable keep_data when the environments define one, else whether it
 * is called prod or production. */
static bool keeps_data(const struct ast_item *e)
{
	for (const struct ast_item *a = e->block ? e->block->items : NULL; a; a = a->next) {
		if (a->kind != AI_ATTR || a->key.n != 1 || strcmp(a->key.parts[0], "keep_data") != 0)
			continue;
		if (a->value->kind == AV_BOOL)
			return a->value->u.b;
		diag_error(a->value->loc, DIAG_TYPE, "keep_data is true or false: whether the environment's "
			   "data outlives its stack");
		return false;
	}
	const char *name = e->words->u.str;
	return !strcmp(name, "prod") || !strcmp(name, "production");
}

static void build_envs(struct sema *s)
{
	struct m_pattern *m = s->m;
	m->n_envs = s->env_items.n;
	m->envs = arena_alloc(s->a, (m->n_envs + 1) * sizeof *m->envs);
	for (size_t i = 0; i < m->n_envs; i++) {
		const struct ast_item *e = s->env_items.items[i];
		m->envs[i].name = e->words->u.str;
		m->envs[i].loc = e->words->loc;
		m->envs[i].keep_data = keeps_data(e);
	}
	m->env = m->n_envs ? &m->envs[s->env_index] : NULL;
}

/* Checks the environments and the vars file against them, selects ENV
 * (NULL: the first) and gives the model its list of environments. */
void sema_envs(struct sema *s, const char *env)
{
	check_envs(s);
	select_env(s, env);
	check_vars(s);
	build_envs(s);
}
