/* tf_files.c - the module's files beyond main.tf: each workflow's
 * definition as a templatefile() template, variables.tf with the plan's
 * settings and what AWS takes for them, outputs.tf, versions.tf, and per
 * environment the tfvars and the Atmos stack, with atmos.yaml and the
 * deployment guide's workflows. */
#include "tf_priv.h"
#include "jtext.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "yamlout.h"

/* ---- workflow templates ---- */

/* The definition as JSON for templatefile(): each value that differs
 * between environments is a marker string, its variable in VARS. */
static json_t *tpl_json(struct tf *t, const struct pv *v, const char *path, struct hcl_expr *vars, struct vec *marks)
{
	if (!v)
		return json_null();
	if (v->kind == PV_ENVS) {
		struct hcl_expr *e = tf_expr(t, v, path);
		const char *name = e->text + 4; /* var.NAME */
		hcl_put(t->a, vars, name, e);
		vec_push(t->a, marks, (void *)name);
		return json_sprintf("\001eventc-%zu\001", (size_t)marks->n - 1);
	}
	if (v->kind == PV_MAP) {
		json_t *o = json_object();
		for (size_t i = 0; i < v->items.n; i++)
			json_object_set_new(o, pv_key(v, i), tpl_json(t, v->items.items[i],
				arena_printf(t->a, "%s_%s", path, names_snake(t->a, pv_key(v, i))), vars, marks));
		return o;
	}
	if (v->kind == PV_LIST) {
		json_t *l = json_array();
		for (size_t i = 0; i < v->items.n; i++)
			json_array_append_new(l, tpl_json(t, v->items.items[i], path, vars, marks));
		return l;
	}
	json_t *j = pv_json(v, 0);
	return j ? j : json_null();
}

/* `${` and `%{` made literal for templatefile() except where they are one
 * of the definition's placeholders (SUBS) or a marker of MARKS. */
static char *tpl_text(struct tf *t, const char *json, const struct pv *subs, const struct vec *marks)
{
	size_t n = strlen(json);
	char *out = arena_alloc(t->a, 2 * n + 64 * marks->n + 2), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (json[i] == '"' && !strncmp(json + i + 1, "\\u0001eventc-", 13)) {
			size_t k = strtoul(json + i + 14, NULL, 10);
			o += sprintf(o, "${jsonencode(%s)}", (const char *)marks->items[k]);
			i = strchr(json + i + 14, '"') - json;
			continue;
		}
		if ((json[i] == '$' || json[i] == '%') && json[i + 1] == '{') {
			bool ours = false;
			for (size_t k = 0; json[i] == '$' && subs && k < subs->items.n && !ours; k++) {
				const char *name = pv_key(subs, k);
				size_t len = strlen(name);
				ours = !strncmp(json + i + 2, name, len) && json[i + 2 + len] == '}';
			}
			if (!ours)
				*o++ = json[i];
		}
		*o++ = json[i];
	}
	*o++ = '\n';
	*o = '\0';
	return out;
}

void tf_state_machine(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	const struct pv *subs = pv_get(r->props, "DefinitionSubstitutions");
	struct hcl_expr *vars = subs ? tf_expr(t, subs, local) : hcl_object(t->a);
	struct vec marks = { 0 };
	json_t *def = tpl_json(t, pv_get(r->props, "Definition")->items.items[0], local, vars, &marks);
	char *json = json_text(def, JSON_INDENT(2));
	json_decref(def);
	const char *file = arena_printf(t->a, "workflows/%s.asl.json.tftpl", r->comp->name);
	if (json) {
		const char *text = tpl_text(t, json, subs, &marks);
		outset_add(t->files, arena_printf(t->a, "%s/%s", t->module, file), text, strlen(text));
	}
	free(json);

	struct hcl_body *b = hcl_block(t->a, t->main, "resource", tf_type(r), local, NULL);
	tf_arg(t, b, "name", pv_get(r->props, "StateMachineName"), local);
	tf_arg(t, b, "type", pv_get(r->props, "StateMachineType"), local);
	tf_arg(t, b, "role_arn", pv_get(r->props, "RoleArn"), local);
	struct hcl_expr *call = hcl_call(t->a, "templatefile", hcl_raw(t->a, "\"${path.module}/%s\"", file));
	vec_push(t->a, &call->items, vars);
	hcl_attr(t->a, b, "definition", call);
	hcl_attr(t->a, b, "tags", tf_tags(t));
	const struct pv *lc = pv_get(r->props, "LoggingConfiguration");
	const struct pv *dest = pv_get(pv_get(pv_get(lc, "Destinations")->items.items[0], "CloudWatchLogsLogGroup"),
				       "LogGroupArn");
	struct hcl_body *l = hcl_block(t->a, b, "logging_configuration", NULL);
	tf_arg(t, l, "log_destination", dest, local);
	tf_arg(t, l, "include_execution_data", pv_get(lc, "IncludeExecutionData"), local);
	tf_arg(t, l, "level", pv_get(lc, "Level"), local);
	tf_arg(t, hcl_block(t->a, b, "tracing_configuration", NULL), "enabled",
	       pv_get(pv_get(r->props, "TracingConfiguration"), "Enabled"), local);
	const struct pv *ec = pv_get(r->props, "EncryptionConfiguration");
	if (ec) {
		struct hcl_body *e = hcl_block(t->a, b, "encryption_configuration", NULL);
		tf_arg(t, e, "type", pv_get(ec, "Type"), local);
		tf_arg(t, e, "kms_key_id", pv_get(ec, "KmsKeyId"), local);
		tf_arg(t, e, "kms_data_key_reuse_period_seconds", pv_get(ec, "KmsDataKeyReusePeriodSeconds"), local);
	}
}

/* ---- variables.tf ---- */

static void variable_block(struct arena *a, struct hcl_body *vb, const char *name, const char *type, const char *desc,
			   struct hcl_expr *def, const char *validation, const char *message)
{
	struct hcl_body *v = hcl_block(a, vb, "variable", name, NULL);
	hcl_attr(a, v, "type", hcl_raw(a, "%s", type));
	hcl_attr(a, v, "description", hcl_str(a, desc));
	if (def)
		hcl_attr(a, v, "default", def);
	if (validation) {
		struct hcl_body *val = hcl_block(a, v, "validation", NULL);
		hcl_attr(a, val, "condition", hcl_raw(a, "%s", validation));
		hcl_attr(a, val, "error_message", hcl_str(a, message));
	}
}

/* What AWS takes for setting S, as a condition on var.NAME. */
static const char *validation(struct arena *a, const struct p_setting *s, const struct tfvar *v)
{
	const char *cond = NULL;
	if (s->allowed) {
		const char *list = "";
		bool quote = !strcmp(v->type, "string");
		for (size_t i = 0; s->allowed[i]; i++)
			list = arena_printf(a, "%s%s%s%s%s", list, i ? ", " : "", quote ? "\"" : "", s->allowed[i],
					    quote ? "\"" : "");
		cond = arena_printf(a, "contains([%s], var.%s)", list, v->name);
	} else if (s->has_min && s->has_max) {
		cond = arena_printf(a, "var.%s >= %g && var.%s <= %g", v->name, s->min, v->name, s->max);
	} else if (s->has_min) {
		cond = arena_printf(a, "var.%s >= %g", v->name, s->min);
	}
	if (cond && v->nullable)
		cond = arena_printf(a, "var.%s == null || (%s)", v->name, cond);
	return cond;
}

static struct hcl_body *variables(struct tf *t)
{
	struct arena *a = t->a;
	struct hcl_body *vb = hcl_body_new(a);
	variable_block(a, vb, "tenant", "string", "The tenant: first part of every name (<tenant>-<environment>-...)",
		       NULL, "can(regex(\"^[a-z][a-z0-9-]*$\", var.tenant))", "A tenant is lower-case kebab-case.");
	variable_block(a, vb, "environment", "string", "The environment (stage) the stack deploys", NULL,
		       "can(regex(\"^[a-z][a-z0-9-]*$\", var.environment))", "An environment is lower-case kebab-case.");
	variable_block(a, vb, "region", "string", "The AWS region", hcl_str(a, t->p->envs[0].region), NULL, NULL);
	if (plan_find_param(t->p, PP_ARTIFACT_BUCKET)) {
		variable_block(a, vb, "artifact_bucket", "string", "S3 bucket with the functions' code, a zip per code folder",
			       NULL, "can(regex(\"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$\", var.artifact_bucket))",
			       "Name the S3 bucket that holds the functions' zips (set artifact_bucket in the stack).");
		variable_block(a, vb, "artifact_prefix", "string", "Key prefix of the zips in the artifact bucket",
			       hcl_str(a, arena_printf(a, "%s/", t->p->pattern)), NULL, NULL);
	}
	for (size_t i = 0; i < t->vars.n; i++) {
		const struct tfvar *v = t->vars.items[i];
		const struct p_setting *s = v->hint ? plan_find_setting(t->p, v->hint) : NULL;
		const char *desc = s && s->description ? s->description : arena_printf(a, "Per-environment value of %s", v->name);
		variable_block(a, vb, v->name, v->type, desc, v->nullable ? hcl_null(a) : NULL,
			       s ? validation(a, s, v) : NULL, s ? s->advice : NULL);
	}
	return vb;
}

/* ---- outputs.tf, versions.tf ---- */

static struct hcl_body *outputs(struct tf *t)
{
	struct hcl_body *ob = hcl_body_new(t->a);
	for (size_t i = 0; i < t->p->outputs.n; i++) {
		const struct p_output *o = t->p->outputs.items[i];
		const char *name = arena_printf(t->a, "%s_%s_%s", model_kind_name(o->comp->kind),
						names_snake(t->a, o->comp->name), o->attr_word);
		struct hcl_body *b = hcl_block(t->a, ob, "output", name, NULL);
		hcl_attr(t->a, b, "description", hcl_str(t->a, o->description));
		hcl_attr(t->a, b, "value", tf_expr(t, o->value, name));
	}
	return ob;
}

static struct hcl_body *versions(const struct tf *t)
{
	struct arena *a = t->a;
	struct hcl_body *ver = hcl_body_new(a);
	struct hcl_body *tfb = hcl_block(a, ver, "terraform", NULL);
	hcl_attr(a, tfb, "required_version", hcl_str(a, ">= 1.10.0")); /* the S3 backend's use_lockfile */
	struct hcl_expr *aws = hcl_object(a);
	hcl_put(a, aws, "source", hcl_str(a, "hashicorp/aws"));
	hcl_put(a, aws, "version", hcl_str(a, ">= 6.0, < 7.0"));
	struct hcl_body *req = hcl_block(a, tfb, "required_providers", NULL);
	hcl_attr(a, req, "aws", aws);
	if (t->any_archive) { /* local code, zipped by data.archive_file */
		struct hcl_expr *archive = hcl_object(a);
		hcl_put(a, archive, "source", hcl_str(a, "hashicorp/archive"));
		hcl_put(a, archive, "version", hcl_str(a, ">= 2.4, < 3.0"));
		hcl_attr(a, req, "archive", archive);
	}
	hcl_attr(a, hcl_block(a, ver, "provider", "aws", NULL), "region", hcl_raw(a, "var.region"));
	return ver;
}

static bool add_hcl(struct outset *out, const char *path, const struct hcl_body *b)
{
	size_t len;
	char *text = hcl_render(b, &len);
	if (!text)
		return false;
	outset_add(out, path, text, len);
	free(text);
	return true;
}

/* ---- tfvars and the Atmos stacks ---- */

/* Environment ENV's values: the tfvars, and the vars of its stack. */
static json_t *env_vars(struct tf *t, size_t env)
{
	const struct p_env *e = &t->p->envs[env];
	json_t *o = json_object();
	json_object_set_new(o, "tenant", json_string(e->tenant));
	json_object_set_new(o, "environment", json_string(e->name));
	json_object_set_new(o, "region", json_string(e->region));
	if (plan_find_param(t->p, PP_ARTIFACT_BUCKET)) {
		json_object_set_new(o, "artifact_bucket", json_string("<your-artifact-bucket>"));
		json_object_set_new(o, "artifact_prefix", json_sprintf("%s/", t->p->pattern));
	}
	for (size_t i = 0; i < t->vars.n; i++) {
		const struct tfvar *v = t->vars.items[i];
		json_t *j = v->values[env] ? pv_json(v->values[env], env) : NULL;
		if (j)
			json_object_set_new(o, v->name, j);
	}
	return o;
}

static char *tfvars_text(struct arena *a, const json_t *vars)
{
	struct hcl_body *b = hcl_body_new(a);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)vars, k, v)
		hcl_attr(a, b, k, hcl_from_json(a, v));
	size_t len;
	return hcl_render(b, &len);
}

/* Atmos writes each component's backend.tf.json from its stack
 * (auto_generate_backend_file), with Go templates on so that the backend
 * can take the state bucket from the stack's settings. */
static json_t *atmos_config(void)
{
	return jpack("{s:s,s:{s:{s:s,s:b,s:b,s:b,s:b}},s:{s:s,s:[s],s:[s],s:s},s:{s:s},s:{s:{s:b}},s:{s:s}}",
		"base_path", ".",
		"components", "terraform", "base_path", "components/terraform", "apply_auto_approve", 0,
		"deploy_run_init", 1, "init_run_reconfigure", 1, "auto_generate_backend_file", 1,
		"stacks", "base_path", "stacks", "included_paths", "*.yaml", "excluded_paths", "workflows/**/*",
		"name_template", "{{ .vars.tenant }}-{{ .vars.environment }}",
		"workflows", "base_path", "stacks/workflows",
		"templates", "settings", "enabled", 1,
		"logs", "level", "Info");
}

/* The placeholder of the state bucket, which `terraform init` refuses
 * (not a bucket name), so that nothing is deployed before it is set. */
#define TFSTATE_BUCKET "<your-tfstate-bucket>"

/* The state in S3, encrypted, with S3's own lock file (Terraform 1.10):
 * <bucket>/<pattern>/<stack>/terraform.tfstate, Atmos making the stack's
 * name the workspace. The bucket comes from settings.tfstate_bucket. */
static json_t *backend(const struct p_plan *p, const struct p_env *e)
{
	return jpack("{s:s,s:{s:{s:s,s:s,s:s,s:s,s:b,s:b}}}",
		"backend_type", "s3",
		"backend", "s3", "bucket", "{{ .settings.tfstate_bucket }}", "key", "terraform.tfstate",
		"workspace_key_prefix", p->pattern, "region", e->region, "encrypt", 1, "use_lockfile", 1);
}

static json_t *stack_manifest(const struct p_plan *p, const struct p_env *e, json_t *vars)
{
	json_t *cvars = json_deep_copy(vars);
	json_object_del(cvars, "tenant");
	json_object_del(cvars, "environment");
	json_t *comp = jpack("{s:{s:s},s:o}", "metadata", "component", p->pattern, "vars", cvars);
	return jpack("{s:{s:s,s:s,s:s},s:{s:s},s:o,s:{s:{s:o}}}",
		"vars", "tenant", e->tenant, "environment", e->name, "region", e->region,
		"settings", "tfstate_bucket", TFSTATE_BUCKET,
		"terraform", backend(p, e),
		"components", "terraform", p->pattern, comp);
}

static json_t *step(const char *name, const char *type, const char *command)
{
	return jpack("{s:s,s:s,s:s}", "name", name, "type", type, "command", command);
}

/* An event of the pattern put on its bus: by the integration test once,
 * by the load test at a rate. */
static const char *put_event(struct arena *a, const struct m_pattern *m)
{
	const struct m_event *e = m->n_events ? m->events[0] : NULL;
	return arena_printf(a, "aws events put-events --entries "
		"\"[{\\\"EventBusName\\\":\\\"$bus\\\",\\\"Source\\\":\\\"%s\\\",\\\"DetailType\\\":\\\"%s\\\","
		"\\\"Detail\\\":\\\"{}\\\"}]\"", e && e->source ? e->source : "eventc.test", e ? e->detail_type : "Test");
}

/* The deployment guide's workflows: atmos workflow NAME -f patterns.yaml -s <tenant>-<env> */
static json_t *atmos_workflows(struct arena *a, const struct p_plan *p, const char *pattern_file)
{
	const struct m_pattern *m = p->envs[0].model;
	const char *c = p->pattern;
	const char *bus = m->n_buses ? names_snake(a, m->buses[0]->c.name) : "default";
	const char *lookup = arena_printf(a, "bus=$(atmos terraform output %s -s \"$ATMOS_STACK\" --skip-init -raw "
					  "bus_%s_name)", c, bus);
	json_t *w = json_object();
	json_object_set_new(w, "plan-event-driven", jpack("{s:s,s:[o]}",
		"description", "Plan the pattern's Terraform in a stack: atmos workflow plan-event-driven -f patterns.yaml -s <tenant>-<environment>",
		"steps", step("plan", "atmos", arena_printf(a, "terraform plan %s", c))));
	json_object_set_new(w, "deploy-event-driven", jpack("{s:s,s:[o,o]}",
		"description", "Plan, then apply, the pattern in a stack",
		"steps", step("plan", "atmos", arena_printf(a, "terraform plan %s", c)),
		step("apply", "atmos", arena_printf(a, "terraform apply %s -auto-approve", c))));
	json_object_set_new(w, "validate-pattern", jpack("{s:s,s:[o,o]}",
		"description", "Check the pattern with eventc, then validate its Terraform",
		"steps", step("check", "shell", arena_printf(a, "eventc check %s", pattern_file)),
		step("validate", "atmos", arena_printf(a, "terraform validate %s", c))));
	json_object_set_new(w, "test-pattern-integration", jpack("{s:s,s:[o]}",
		"description", "Put a test event on the pattern's bus and check that EventBridge accepted it",
		"steps", step("put-event", "shell", arena_printf(a, "%s && %s --query FailedEntryCount --output text | grep -qx 0",
								 lookup, put_event(a, m)))));
	json_object_set_new(w, "test-pattern-load", jpack("{s:s,s:[o]}",
		"description", "Send events at RATE per second for DURATION seconds (defaults 100 and 300)",
		"steps", step("load", "shell", arena_printf(a, "%s && end=$((SECONDS + ${DURATION:-300})) && while [ $SECONDS "
			"-lt $end ]; do for i in $(seq 1 $(( ${RATE:-100} / 10 ))); do %s >/dev/null & done; wait; sleep 0.1; done",
			lookup, put_event(a, m)))));
	return jpack("{s:o}", "workflows", w);
}

static bool stacks(struct tf *t, const char *pattern_file, struct outset *out)
{
	json_t *cfg = atmos_config();
	bool ok = yamlout_add(out, "terraform/atmos.yaml", cfg);
	json_decref(cfg);
	for (size_t i = 0; ok && i < t->p->n_envs; i++) {
		const struct p_env *e = &t->p->envs[i];
		json_t *vars = env_vars(t, i);
		json_t *manifest = stack_manifest(t->p, e, vars);
		ok = yamlout_add(out, arena_printf(t->a, "terraform/stacks/%s-%s.yaml", e->tenant, e->name), manifest);
		char *tv = ok ? tfvars_text(t->a, vars) : NULL;
		if (tv)
			outset_add(out, arena_printf(t->a, "terraform/envs/%s.tfvars", e->name), tv, strlen(tv));
		ok = ok && tv;
		free(tv);
		json_decref(manifest);
		json_decref(vars);
	}
	json_t *wf = atmos_workflows(t->a, t->p, pattern_file);
	ok = ok && yamlout_add(out, "terraform/stacks/workflows/patterns.yaml", wf);
	json_decref(wf);
	return ok;
}

bool tf_files(struct tf *t, const char *pattern_file, struct outset *out)
{
	emit_artifacts(out, "terraform/artifacts.txt", t->p);
	if (t->any_archive) /* what archive_file writes when Terraform plans */
		outset_add(out, arena_printf(t->a, "%s/.gitignore", t->module), ".code/\n", strlen(".code/\n"));
	/* outputs first: their values may need variables too, and the data
	 * source of a secret, which goes last in main.tf */
	struct hcl_body *ob = outputs(t);
	tf_write_blocks(t);
	outset_end(t->main_tf);
	return add_hcl(out, arena_printf(t->a, "%s/variables.tf", t->module), variables(t)) &&
	       add_hcl(out, arena_printf(t->a, "%s/outputs.tf", t->module), ob) &&
	       add_hcl(out, arena_printf(t->a, "%s/versions.tf", t->module), versions(t)) &&
	       stacks(t, pattern_file, out);
}
