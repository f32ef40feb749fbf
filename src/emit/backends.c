/* backends.c - the table of what a build can write: one entry per target,
 * each one function over the plan and the output set. */
#include "emit.h"

#include <stdio.h>
#include <string.h>

#include "alarms.h"
#include "paths.h"

const char *emit_code_folder(struct arena *a, const struct backend_options *o, const char *from, const char *folder)
{
	const char *slash = strrchr(o->pattern_path, '/');
	const char *code = slash ? arena_printf(a, "%.*s/%s", (int)(slash - o->pattern_path), o->pattern_path, folder)
				 : folder;
	return path_relative(a, arena_printf(a, "%s/%s", o->out_dir, from), code);
}

/* A line at a time: the text joined by printing grew with the square of
 * the code folders. */
void emit_artifacts(struct outset *out, const char *path, const struct p_plan *p)
{
	if (!p->artifacts.n)
		return;
	struct outpart *w = outset_begin(out, path);
	for (size_t i = 0; i < p->artifacts.n; i++) {
		const struct p_artifact *x = p->artifacts.items[i];
		outset_append(w, x->folder, strlen(x->folder));
		outset_append(w, "\t", 1);
		outset_append(w, x->key, strlen(x->key));
		outset_append(w, "\n", 1);
	}
	outset_end(w);
}

/* Each workflow's ASL definition in ENV, as the plan holds it. */
static bool emit_asl(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
		     struct outset *out, struct emit_status *st)
{
	(void)o;
	for (size_t i = 0; i < p->workflows.n; i++) {
		const struct p_workflow *w = p->workflows.items[i];
		const char *path = arena_printf(a, "%s/stepfunctions/%s.asl.json", p->envs[env].name, w->w->c.name);
		json_t *def = pv_json(w->definition, env);
		bool ok = def && outset_add_json(out, path, def);
		json_decref(def);
		if (!ok) {
			st->failure = arena_printf(a, "cannot encode '%s'", path);
			return false;
		}
	}
	return true;
}

static bool emit_cloudformation(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
				struct outset *out, struct emit_status *st)
{
	const char *why = NULL;
	if (cfn_emit(a, p, env, o, out, &why))
		return true;
	if (!why) {
		st->failure = arena_printf(a, "cannot encode the CloudFormation template of '%s'", p->envs[env].name);
		return false;
	}
	st->limit = why;
	return true;
}

static bool emit_alarms(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
			struct outset *out, struct emit_status *st)
{
	(void)o;
	const struct p_env *e = &p->envs[env];
	struct arena *set_arena = arena_new(); /* the set only while it is written */
	const struct alarms_set *set = plan_env_alarms(set_arena, e);
	bool ok = !set || alarms_emit_json(a, e->model, set, out);
	arena_free(set_arena);
	if (!ok)
		st->failure = arena_printf(a, "cannot encode '%s/alarms.json'", e->name);
	return ok;
}

static bool emit_terraform(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
			   struct outset *out, struct emit_status *st)
{
	(void)env;
	if (!tf_emit(a, p, o, out)) {
		st->failure = "cannot encode the Terraform module";
		return false;
	}
	return true;
}

/* In the order the files are written (which is the order of the output set). */
const struct backend backends[] = {
	{ "alarms", "ENV/alarms.json", true, 1, emit_alarms },
	{ "cloudformation", "ENV/cloudformation/template.json (or .yaml)", true, 3, emit_cloudformation },
	{ "asl", "ENV/stepfunctions/WORKFLOW.asl.json", true, 0, emit_asl },
	{ "terraform", "terraform/: one module, its stacks and workflows", false, 2, emit_terraform },
	{ NULL, NULL, false, 0, NULL },
};

size_t backend_count(void)
{
	size_t n = 0;
	while (backends[n].name)
		n++;
	return n;
}
