/*
 * fuzz_template.c - libFuzzer target for Markdown templates: each input is
 * rendered as a template against the hand-made analysis of the PDF tests
 * (tests/unit/test_pdf_fake.h), with includes resolved in the fuzzer's
 * private directory; it renders or fails with a message.
 */
#include "fuzz_common.h"
#include "render/template.h"
#include "test_pdf_fake.h"
#include "util/err.h"
#include "util/strbuf.h"

static struct fake fk;
static int ready;

/* Every block, as the PDF writer would get it; every span's text is read (for ASan). */
static int on_event(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	size_t *n = ctx, i, j;

	(void)err;
	for (i = 0; i < ev->nspans; i++)
		for (j = 0; j < ev->spans[i].len; j++)
			*n += (unsigned char)ev->spans[i].text[j];
	return 0;
}

static int lookup(void *ctx, const char *kind, const char *id, struct strbuf *out,
		  struct scta_err *err)
{
	(void)ctx;
	(void)err;
	strbuf_addf(out, "%s %zu", kind, strlen(id));
	return 0;
}

static void release(void)
{
	fake_free(&fk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tpl_refs refs = { lookup, NULL };
	struct scta_err err = SCTA_ERR_INIT;
	const char *path;
	size_t n = 0;

	if (!ready) {
		fake_init(&fk, fuzz_dir(), 3, 5);
		atexit(release);
		/* An include target beside the input. */
		fuzz_file("part.md", (const uint8_t *)"Included {{in_scope}}.\n", 23);
		ready = 1;
	}
	path = fuzz_file("input.md", data, size);
	if (template_render(path, &fk.in, &refs, on_event, &n, &err) && !err.msg[0])
		abort();
	return 0;
}
