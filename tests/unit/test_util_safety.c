/*
 * test_util_safety.c - the hardening pieces of util/: visible text and file
 * name pieces from data, exclusive temporary files and their sweep and
 * signal cleanup, advisory locks, and scratch streams that keep their
 * write errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/lock.h"
#include "util/strbuf.h"
#include "util/tempfile.h"
#include "util/text.h"
#include "util/tmpstream.h"
#include "util/utf8.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/scta_safety_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *visible(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	text_visible(s, strlen(s), &sb);
	return strbuf_detach(&sb);
}

static void test_visible(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain text, é and 中文", "plain text, é and 中文" },
		{ "a\vb", "a\\x0Bb" },
		{ "one\ntwo\r\tthree", "one\\ntwo\\r\\tthree" },
		{ "\x1b[31mred", "\\x1B[31mred" },
		{ "del\x7f", "del\\x7F" },
		{ "c1\xc2\x85", "c1\\u0085" },
		{ "evil\xe2\x80\xaegnp.exe", "evil\\u202Egnp.exe" },
		{ "iso\xe2\x81\xa6x\xe2\x81\xa9", "iso\\u2066x\\u2069" },
		{ "nonchar\xef\xbf\xbf", "nonchar\\uFFFF" },
	};
	size_t i, off = 99;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = visible(cases[i].in);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
	assert_int_equal(text_unsafe("abc", 3, &off), 0);
	assert_int_equal(text_unsafe("ab\xe2\x80\xae", 5, &off), 0x202E);
	assert_int_equal(off, 2);
	assert_true(text_unsafe_cp(0));
	assert_false(text_unsafe_cp(' '));
	assert_false(text_unsafe_cp(0x05D0));   /* Hebrew letters are not overrides */
}

static void test_file_part(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, long1 = STRBUF_INIT, long2 = STRBUF_INIT;
	size_t i, bad;

	(void)state;
	text_file_part("san francisco", 64, &a);
	assert_string_equal(a.buf, "san francisco");
	/* Dropped characters: the piece gets the hash, so it differs from the plain name. */
	text_file_part("evil\xe2\x80\xaegnp", 64, &a);
	text_file_part("evilgnp", 64, &b);
	assert_string_equal(b.buf, "evilgnp");
	assert_int_equal(a.len, strlen("evilgnp") + 11);
	assert_memory_equal(a.buf, "evilgnp-", 8);
	assert_null(strchr(a.buf, '/'));
	text_file_part("a/b", 64, &b);
	assert_int_equal(strncmp(b.buf, "ab-", 3), 0);
	/* 300 characters: cut to 64 bytes with a stable hash, different for a different tail. */
	for (i = 0; i < 100; i++)
		strbuf_adds(&long1, "ll\xc3\xa9");    /* "llé": 4 bytes, 3 characters */
	strbuf_addf(&long2, "%sx", long1.buf);
	text_file_part(long1.buf, 64, &a);
	text_file_part(long1.buf, 64, &b);
	assert_string_equal(a.buf, b.buf);
	assert_true(a.len <= 64);
	assert_true(utf8_valid(a.buf, a.len, &bad));
	assert_int_equal(a.buf[a.len - 11], '-');
	text_file_part(long2.buf, 64, &b);
	assert_string_not_equal(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&long1);
	strbuf_release(&long2);
}

static size_t count_marked(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)))
		n += strstr(de->d_name, TEMPFILE_MARK) != NULL;
	closedir(dp);
	return n;
}

static void test_tempfile(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	char final[300], *t1 = NULL, *t2 = NULL, *td = NULL, *p;
	struct stat st;
	mode_t um = umask(022);
	int fd = -1, removed = -1;

	(void)state;
	snprintf(final, sizeof final, "%s/report.xlsx", dir);
	assert_int_equal(tempfile_create(final, &t1, &fd, &err), 0);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(tempfile_create(final, &t2, NULL, &err), 0);
	assert_string_not_equal(t1, t2);
	assert_int_equal(strncmp(t1, final, strlen(final)), 0);
	assert_non_null(strstr(t1, TEMPFILE_MARK));
	assert_int_equal(lstat(t1, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);      /* like fopen: 0666 less the umask */
	assert_int_equal(tempfile_mkdir(dir, &td, &err), 0);
	assert_int_equal(lstat(td, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	tempfile_remove(t2);
	assert_int_not_equal(access(t2, F_OK), 0);
	tempfile_remove(td);
	assert_int_not_equal(access(td, F_OK), 0);

	/* The sweep: what crashed runs left, and nothing else. */
	p = malloc(400);
	snprintf(p, 400, "%s/.scta-tmp-1-abcdef.d", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, 400, "%s/.scta-tmp-1-abcdef.d/scratch.scta-tmp-1-qqqqqq", dir);
	fclose(fopen(p, "w"));
	snprintf(p, 400, "%s/report.pdf.tmp-999999999", dir);   /* 0.1's name, no such pid */
	fclose(fopen(p, "w"));
	snprintf(p, 400, "%s/report.pdf.tmp-%ld", dir, (long)getppid());   /* a live pid */
	fclose(fopen(p, "w"));
	snprintf(p, 400, "%s/keep.xlsx", dir);
	fclose(fopen(p, "w"));
	snprintf(p, 400, "%s/notes.tmp-abc", dir);
	fclose(fopen(p, "w"));
	snprintf(p, 400, "%s/link" TEMPFILE_MARK "1-zzzzzz", dir);
	assert_int_equal(symlink(final, p), 0);
	assert_int_equal(tempfile_sweep(dir, &removed, &err), 0);
	assert_int_equal(removed, 4);    /* t1, the .d directory, the old-style file, the link */
	assert_int_equal(count_marked(dir), 0);
	snprintf(p, 400, "%s/keep.xlsx", dir);
	assert_int_equal(access(p, F_OK), 0);
	snprintf(p, 400, "%s/notes.tmp-abc", dir);
	assert_int_equal(access(p, F_OK), 0);
	snprintf(p, 400, "%s/report.pdf.tmp-%ld", dir, (long)getppid());
	assert_int_equal(access(p, F_OK), 0);
	assert_int_equal(access("/", F_OK), 0);
	tempfile_forget(t1);
	free(p);
	free(t1);
	free(t2);
	free(td);
	umask(um);
}

/*
 * Outputs are written under a temporary name and renamed into place; a
 * symlink planted under the name earlier versions used (<output>.tmp-PID)
 * is neither followed nor renamed into place.
 */
static void test_afile(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct afile af;
	char final[300], buf[16], victim[300], planted[340];
	struct stat st;
	FILE *fp;

	(void)state;
	snprintf(final, sizeof final, "%s/out.csv", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	snprintf(planted, sizeof planted, "%s.tmp-%ld", final, (long)getpid());
	fp = fopen(victim, "wb");
	fputs("precious", fp);
	fclose(fp);
	assert_int_equal(symlink(victim, planted), 0);
	assert_int_equal(afile_open(&af, final, &err), 0);
	fputs("a,b\n", af.fp);
	assert_int_not_equal(access(final, F_OK), 0);
	assert_int_equal(afile_commit(&af, &err), 0);
	fp = fopen(final, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, sizeof buf, fp), 4);
	fclose(fp);
	assert_int_equal(lstat(final, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	fp = fopen(victim, "rb");
	assert_int_equal(fread(buf, 1, sizeof buf, fp), 8);
	assert_memory_equal(buf, "precious", 8);
	fclose(fp);
	unlink(planted);
	assert_int_equal(count_marked(dir), 0);
	/* Aborted: nothing left, the previous file untouched. */
	assert_int_equal(afile_name(&af, final, &err), 0);
	assert_int_equal(access(af.tmp, F_OK), 0);
	afile_abort(&af);
	assert_int_equal(count_marked(dir), 0);
	fp = fopen(final, "rb");
	assert_int_equal(fread(buf, 1, sizeof buf, fp), 4);
	fclose(fp);
}

/* SIGTERM: the handler removes the registered files and the process dies of the signal. */
static void test_signal_cleanup(void **state)
{
	char final[300];
	int status = 0;
	pid_t pid;

	(void)state;
	snprintf(final, sizeof final, "%s/sig.pdf", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		char *t = NULL, *d = NULL;

		tempfile_install_signals();
		if (tempfile_create(final, &t, NULL, NULL) || tempfile_mkdir(dir, &d, NULL))
			_exit(3);
		raise(SIGTERM);
		_exit(4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(count_marked(dir), 0);
}

static void test_lock(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct lock *a = NULL, *b = NULL, *d1 = NULL, *d2 = NULL;
	char db[300];

	(void)state;
	snprintf(db, sizeof db, "%s/scta.db", dir);
	assert_int_equal(lock_acquire(db, "database", &a, &err), 0);
	/* flock belongs to the open file: a second open, even in this process, is refused. */
	assert_int_equal(lock_acquire(db, "database", &b, &err), SCTA_ERR_RUNTIME);
	assert_null(b);
	assert_non_null(strstr(err.msg, "scta.db: the database is in use by another scta run"));
	lock_release(a);
	assert_int_equal(lock_acquire(db, "database", &b, NULL), 0);
	lock_release(b);
	assert_int_equal(lock_acquire(dir, "output directory", &d1, NULL), 0);
	assert_int_not_equal(lock_acquire(dir, "output directory", &d2, NULL), 0);
	lock_release(d1);
	lock_release(NULL);
}

static void test_tmpstream(void **state)
{
	struct tmpwatch *w = tmpwatch_new(dir);
	char buf[8];
	unsigned n = 0;
	FILE *fp;
	int status = 0;
	pid_t pid;

	(void)state;
	fp = tmpstream_open(dir);
	assert_non_null(fp);
	assert_int_equal(count_marked(dir), 0);     /* anonymous at once */
	fputs("hello", fp);
	rewind(fp);
	assert_int_equal(fread(buf, 1, 5, fp), 5);
	assert_memory_equal(buf, "hello", 5);
	fclose(fp);
	assert_int_equal(tmpwatch_free(w, &n), 0);
	assert_int_equal(n, 1);
	/* A write over RLIMIT_FSIZE fails: the watch keeps its errno after fclose. */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct rlimit rl = { 4096, 4096 };
		struct tmpwatch *cw = tmpwatch_new(dir);
		FILE *cf;
		int i, e;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		cf = tmpstream_open(dir);
		if (!cf)
			_exit(90);
		for (i = 0; i < 10000; i++)
			fputs("0123456789", cf);
		fclose(cf);
		e = tmpwatch_free(cw, NULL);
		_exit(e == EFBIG ? 0 : 91);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_file_part),
		cmocka_unit_test(test_tempfile),
		cmocka_unit_test(test_afile),
		cmocka_unit_test(test_signal_cleanup),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_tmpstream),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
