/* replace.c - which changes make CloudFormation replace a resource: AWS's
 * resource types by name, and the create-only properties of their
 * resource-provider schemas, read from templates/create-only.json (written
 * by templates/create-only.py from the schemas; see there). eventc diff
 * asks, so that a review sees which change destroys and recreates what. */
#include "plan.h"

#include <string.h>

static const char *const type_names[PT_COUNT] = {
	[PT_KMS_KEY] = "AWS::KMS::Key", [PT_KMS_ALIAS] = "AWS::KMS::Alias",
	[PT_EVENT_BUS] = "AWS::Events::EventBus", [PT_EVENT_ARCHIVE] = "AWS::Events::Archive",
	[PT_EVENT_RULE] = "AWS::Events::Rule", [PT_SCHEMA_REGISTRY] = "AWS::EventSchemas::Registry",
	[PT_SCHEMA] = "AWS::EventSchemas::Schema", [PT_SCHEMA_DISCOVERER] = "AWS::EventSchemas::Discoverer",
	[PT_S3_BUCKET] = "AWS::S3::Bucket", [PT_S3_BUCKET_POLICY] = "AWS::S3::BucketPolicy",
	[PT_FIREHOSE_STREAM] = "AWS::KinesisFirehose::DeliveryStream", [PT_IAM_ROLE] = "AWS::IAM::Role",
	[PT_SQS_QUEUE] = "AWS::SQS::Queue", [PT_SQS_QUEUE_POLICY] = "AWS::SQS::QueuePolicy",
	[PT_DYNAMODB_TABLE] = "AWS::DynamoDB::Table", [PT_LOG_GROUP] = "AWS::Logs::LogGroup",
	[PT_LOG_STREAM] = "AWS::Logs::LogStream",
	[PT_LAMBDA_FUNCTION] = "AWS::Lambda::Function", [PT_LAMBDA_VERSION] = "AWS::Lambda::Version",
	[PT_LAMBDA_ALIAS] = "AWS::Lambda::Alias", [PT_LAMBDA_ESM] = "AWS::Lambda::EventSourceMapping",
	[PT_LAMBDA_PERMISSION] = "AWS::Lambda::Permission", [PT_SNS_TOPIC] = "AWS::SNS::Topic",
	[PT_SNS_SUBSCRIPTION] = "AWS::SNS::Subscription", [PT_SNS_TOPIC_POLICY] = "AWS::SNS::TopicPolicy",
	[PT_STATE_MACHINE] = "AWS::StepFunctions::StateMachine", [PT_ALARM] = "AWS::CloudWatch::Alarm",
	[PT_DASHBOARD] = "AWS::CloudWatch::Dashboard",
	[PT_LAMBDA_EVENT_INVOKE_CONFIG] = "AWS::Lambda::EventInvokeConfig",
	[PT_KINESIS_STREAM] = "AWS::Kinesis::Stream",
	[PT_PIPE] = "AWS::Pipes::Pipe",
	[PT_SCHEDULE] = "AWS::Scheduler::Schedule", [PT_SCHEDULE_GROUP] = "AWS::Scheduler::ScheduleGroup",
	[PT_EVENT_CONNECTION] = "AWS::Events::Connection", [PT_EVENT_API_DESTINATION] = "AWS::Events::ApiDestination",
};

const char *plan_aws_type(enum p_type t)
{
	return t < PT_COUNT ? type_names[t] : NULL;
}

#define CREATE_ONLY_FILE "create-only.json"

struct p_replace {
	struct strmap *types; /* AWS type -> struct vec of const char *: its create-only paths */
};

/* The create-only and conditionally create-only paths of one type, into
 * the arena: eventc cannot tell a condition, so both count. */
static struct vec *type_paths(struct arena *a, const json_t *entry)
{
	static const char *const lists[] = { "createOnly", "conditional" };
	struct vec *v = arena_alloc(a, sizeof *v);
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(entry, lists[k]), i, p)
			if (json_is_string(p))
				vec_push(a, v, arena_strdup(a, json_string_value(p)));
	}
	return v;
}

struct p_replace *plan_replace_load(struct arena *a, const char **err)
{
	const char *path = plan_data_file(a, CREATE_ONLY_FILE, err);
	if (!path)
		return NULL;
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	json_t *types = root ? json_object_get(root, "types") : NULL;
	if (!json_is_object(types)) {
		*err = root ? arena_printf(a, "%s: no \"types\" object", path)
			    : arena_printf(a, "%s:%d:%d: %s", path, je.line, je.column, je.text);
		json_decref(root);
		return NULL;
	}
	struct p_replace *t = arena_alloc(a, sizeof *t);
	t->types = strmap_new(a);
	const char *name;
	json_t *entry;
	json_object_foreach(types, name, entry)
		strmap_put(t->types, arena_strdup(a, name), type_paths(a, entry));
	json_decref(root);
	return t;
}

/* Whether PATH is PROP or lies below it: "KeySchema[0].AttributeName"
 * below "KeySchema", "A.B" below "A". */
static bool below(const char *path, const char *prop)
{
	size_t n = strlen(prop);
	return !strncmp(path, prop, n) && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

bool plan_replaces(const struct p_replace *t, enum p_type type, const char *path)
{
	const char *name = plan_aws_type(type);
	const struct vec *props = t && name ? strmap_get(t->types, name) : NULL;
	for (size_t i = 0; props && i < props->n; i++)
		if (below(path, props->items[i]))
			return true;
	return false;
}
