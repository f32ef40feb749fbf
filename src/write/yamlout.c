/* yamlout.c - emit a JSON tree as YAML with libyaml: maps and lists in
 * block style, keys in the tree's order, strings quoted whenever a YAML
 * 1.1 reader could take them for something else (true, 1e3, null, ...). */
#include "yamlout.h"
#include "jtext.h"
#include "xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct buf {
	char *text;
	size_t len, cap;
	bool failed;
};

static int write_handler(void *data, unsigned char *bytes, size_t size)
{
	struct buf *b = data;
	if (b->len + size + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 4096) + size;
		char *t = xrealloc(b->text, cap);
		if (!t) {
			b->failed = true;
			return 0;
		}
		b->text = t;
		b->cap = cap;
	}
	memcpy(b->text + b->len, bytes, size);
	b->len += size;
	b->text[b->len] = '\0';
	return 1;
}

/* Would a plain scalar S be read back as something other than a string? */
static bool needs_quotes(const char *s)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
		"false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
		"NULL", "~", NULL
	};
	if (!*s)
		return true;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	char *end;
	strtod(s, &end);
	if (*end == '\0')
		return true;
	if (s[0] == '.' || s[0] == '-' || s[0] == '+' || isdigit((unsigned char)s[0]))
		return true; /* .inf, -.nan, 0x1f, 1_000, dates ... */
	return false;
}

static bool emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(e, ev) != 0;
}

static bool emit_scalar(yaml_emitter_t *e, const char *text, bool is_string)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = is_string && needs_quotes(text) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
								    : YAML_ANY_SCALAR_STYLE;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text),
					  style == YAML_ANY_SCALAR_STYLE, 1, style))
		return false;
	return emit(e, &ev);
}

static bool emit_node(yaml_emitter_t *e, const json_t *j)
{
	yaml_event_t ev;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) || !emit(e, &ev))
			return false;
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
			if (!emit_scalar(e, k, true) || !emit_node(e, v))
				return false;
		return yaml_mapping_end_event_initialize(&ev) && emit(e, &ev);
	}
	case JSON_ARRAY: {
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) || !emit(e, &ev))
			return false;
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			if (!emit_node(e, v))
				return false;
		return yaml_sequence_end_event_initialize(&ev) && emit(e, &ev);
	}
	case JSON_STRING:
		return emit_scalar(e, json_string_value(j), true);
	case JSON_INTEGER:
	case JSON_REAL: {
		char *s = json_text(j, JSON_ENCODE_ANY);
		bool ok = s && emit_scalar(e, s, false);
		free(s);
		return ok;
	}
	case JSON_TRUE:
		return emit_scalar(e, "true", false);
	case JSON_FALSE:
		return emit_scalar(e, "false", false);
	case JSON_NULL:
		return emit_scalar(e, "null", false);
	}
	return false;
}

char *yamlout_string(const json_t *j, size_t *len)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct buf b = { 0 };
	if (!yaml_emitter_initialize(&e))
		return NULL;
	yaml_emitter_set_output(&e, write_handler, &b);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_indent(&e, 2);
	bool ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && emit(&e, &ev) &&
		  yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && emit(&e, &ev) &&
		  emit_node(&e, j) &&
		  yaml_document_end_event_initialize(&ev, 1) && emit(&e, &ev) &&
		  yaml_stream_end_event_initialize(&ev) && emit(&e, &ev) &&
		  yaml_emitter_flush(&e);
	yaml_emitter_delete(&e);
	if (!ok || b.failed) {
		free(b.text);
		return NULL;
	}
	*len = b.len;
	return b.text;
}

bool yamlout_add(struct outset *out, const char *path, const json_t *j)
{
	size_t len;
	char *text = yamlout_string(j, &len);
	if (!text)
		return false;
	outset_add(out, path, text, len);
	free(text);
	return true;
}
