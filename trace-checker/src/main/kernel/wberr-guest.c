/*
 * wberr-guest: the kernel oracle's test program. It runs inside the QEMU guest as a static binary
 * (no JVM there), performs each step of each scenario as system calls on an ext4 file system and
 * prints one machine-parseable line per step. The protocol (step files in, WBERR lines out) is
 * specified in README.md beside this file; keep the two in sync.
 *
 * Implementation notes
 *
 * Layout. /dev/vda (virtio, the ext4 image made on the host) is wrapped in a device-mapper device
 * "wberr" whose table is linear over the whole disk, and ext4 is mounted from that dm device. Error
 * injection switches the table, exactly like xfstests' common/dmerror: suspend without freezing the
 * file system (--nolockfs, so the suspend itself writes nothing back), load the new table, resume.
 * An armed table maps the 8 sectors of ONE page's data block to the `error` target and everything
 * else linear, so the journal and all metadata stay on working sectors and ext4 never aborts.
 * The DM ioctls are issued directly (linux/dm-ioctl.h): no dmsetup, no libdevmapper and its shared
 * libraries in the initramfs, and no udev cookie handshakes that would need a udev daemon.
 *
 * Writeback without reporting. `writeback PAGE OUTCOME` must make the page's writeback happen with
 * that outcome while no fd learns about it. Two triggers (run option --trigger):
 *   page (default): sync_file_range(SYNC_FILE_RANGE_WRITE) on exactly that page. That flag alone
 *     only starts writeback (WB_SYNC_NONE): no file_fdatawait_range, so no errseq is checked or
 *     advanced and SEEN is not set. Completion is then awaited by polling the page's PG_writeback
 *     bit through /proc/self/pagemap and /proc/kpageflags, which reads page flags and nothing else.
 *     Other dirty pages stay dirty, as in the model.
 *   sync: sync(2), the measured path of xfstests generic/487: it waits with
 *     filemap_fdatawait_keep_errors, which neither reports nor marks the error seen. It writes back
 *     every dirty page of every file, so other dirty pages of the scenario file become clean too.
 * The error table is armed before and disarmed after, so only this writeback can hit it.
 *
 * Background writeback is switched off (vm.dirty_writeback_centisecs = 0, dirty_expire very long)
 * so that no page is written back unless a step says so. ext4's journal commits still run every
 * 5 s, but for overwrites of allocated blocks (every scenario file is preallocated) data=ordered
 * puts no data pages in the transaction: commits write journal blocks only.
 *
 * Observation. Besides each system call's return value the program reports, per step:
 *   pages=  the state of each page of the scenario file after the step, from mincore(2) (cached and
 *           uptodate, or not) and /proc/kpageflags (dirty, writeback, error). Resident pages are
 *           touched through a read-only mapping with MADV_RANDOM (no readahead), so observing
 *           changes nothing. (mincore counts only uptodate folios: fine for file data, whose
 *           pages stay uptodate after a failed write; useless for block-device pages holding
 *           buffer heads, which the metadata steps therefore never probe.)
 *   wb_err_prev= one entry per mapping_set_error() on the file during the step: the value
 *           mapping->wb_err had just before it. The tracepoint filemap:filemap_set_wb_err records
 *           what errseq_set() returns, and errseq_set() returns the previous value;
 *   cursor= every check-and-advance of an fd's f_wb_err during the step (old>new), from the
 *           tracepoint filemap:file_check_and_advance_wb_err;
 *   evicted= for evict-inode, whether ext4:ext4_evict_inode fired for the file's inode.
 * Kernel log lines printed during a scenario are forwarded as `WBERR kmsg` lines; the console log
 * level is lowered so the kernel never writes into the middle of a result line.
 *
 * Metadata steps (meta-writeback, meta-modify, meta-evict) are a kernel-only extension for the
 * ext4 questions of docs/semantics.md section 3: they fail the write-back of a block bitmap and look at
 * what ext4 and jbd2 do next (kernel log, ext4's error count, reads of the bitmap block traced with
 * block:block_bio_queue). They leave the file system damaged: run them last in a boot.
 *
 * Isolation between scenarios (several run in one boot): each scenario gets a fresh file (fresh
 * inode, so mapping->wb_err == 0 and no AS_EIO), created, written, fsync'd and dropped from the page
 * cache before its first step; its fds are closed at its end; the dm table is linear between
 * steps; the superblock's s_wb_err, shared by all files, is marked SEEN by a syncfs on the mount
 * point before each scenario, so a new fd's syncfs only reports errors of this scenario. If the
 * file system stops being writable, the remaining scenarios are skipped, not run on a broken fs.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/dm-ioctl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL_VERSION 2
#define PAGE_SZ 4096
#define SECTORS_PER_PAGE (PAGE_SZ / 512)
#define MAX_PAGES 64       /* pages per scenario file */
#define MAX_STEPS 512
#define MAX_FDS 32
#define MAX_NAME 32
#define MNT "/mnt"
#define DISK "/dev/vda"
#define DM_NAME "wberr"
#define DM_NODE "/dev/wberr-dm"
#define TRACING "/sys/kernel/tracing"
#define MOUNT_OPTS "errors=continue"

/* fs/ext4/ext4.h (not in the uapi headers): flush the journal and checkpoint it (since 5.13) */
#define EXT4_IOC_CHECKPOINT _IOW('f', 43, uint32_t)

/* kpageflags bits (include/uapi/linux/kernel-page-flags.h) */
#define KPF_ERROR 1
#define KPF_DIRTY 4
#define KPF_WRITEBACK 8

/* ------------------------------------------------------------------------------------------ */
/* Output: every line is built in memory and written with one write(2), prefixed "WBERR ".     */

static char linebuf[16384];
static size_t linelen;

static void line_start(const char *kind)
{
	linelen = (size_t)snprintf(linebuf, sizeof linebuf, "WBERR %s", kind);
}

static void line_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line_add(const char *fmt, ...)
{
	va_list ap;
	if (linelen >= sizeof linebuf - 2)
		return;
	linebuf[linelen++] = ' ';
	va_start(ap, fmt);
	int n = vsnprintf(linebuf + linelen, sizeof linebuf - linelen - 1, fmt, ap);
	va_end(ap);
	if (n > 0)
		linelen += (size_t)n < sizeof linebuf - linelen - 1 ? (size_t)n : sizeof linebuf - linelen - 2;
}

/* key="value" with \" \\ and \xHH escapes: values that may contain spaces or anything else. */
static void line_addq(const char *key, const char *val)
{
	char q[4096];
	size_t j = 0;
	for (const unsigned char *p = (const unsigned char *)val; *p && j < sizeof q - 5; p++) {
		if (*p == '"' || *p == '\\') {
			q[j++] = '\\';
			q[j++] = (char)*p;
		} else if (*p < 0x20 || *p >= 0x7f) {
			j += (size_t)snprintf(q + j, sizeof q - j, "\\x%02x", *p);
		} else {
			q[j++] = (char)*p;
		}
	}
	q[j] = 0;
	line_add("%s=\"%s\"", key, q);
}

static void line_end(void)
{
	linebuf[linelen++] = '\n';
	size_t off = 0;
	while (off < linelen) {
		ssize_t w = write(STDOUT_FILENO, linebuf + off, linelen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	linelen = 0;
}

static void fatal_line(const char *reason)
{
	line_start("fatal");
	line_addq("reason", reason);
	line_end();
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EIO: return "EIO";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EAGAIN: return "EAGAIN";
	case EINTR: return "EINTR";
	case EDQUOT: return "EDQUOT";
	case EFBIG: return "EFBIG";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EUCLEAN: return "EUCLEAN";
	case ESHUTDOWN: return "ESHUTDOWN";
	default: {
		static char buf[16];
		snprintf(buf, sizeof buf, "E%d", e);
		return buf;
	}
	}
}

static int64_t now_us(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, val, strlen(val));
	int e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

/* ------------------------------------------------------------------------------------------ */
/* Device mapper, through its ioctls.                                                          */

static int dm_ctl = -1;
/* A switchable dm device: linear over a base device, or linear with `error` segments. */
struct dmdev {
	char name[32];
	unsigned maj, min;            /* the dm device */
	unsigned base_maj, base_min;  /* what its linear segments map to */
	uint64_t sectors;
	bool armed;                   /* the live table is not the all-linear one */
};
static struct dmdev dm_main = { .name = DM_NAME };   /* the fsync scenarios' file system */
static struct dmdev *dmc = &dm_main;                  /* the one dm_call/dm_load/dm_switch act on */
#define disk_major (dm_main.base_maj)
#define disk_minor (dm_main.base_min)
#define disk_sectors (dm_main.sectors)
#define dm_major (dm_main.maj)
#define dm_minor (dm_main.min)
#define dm_armed (dmc->armed)

static union {
	struct dm_ioctl h;
	char raw[16384];
} dm_buf;

static int dm_call_name(const char *name, unsigned long cmd, uint32_t flags, const void *payload, size_t len,
			uint32_t ntargets)
{
	memset(&dm_buf, 0, sizeof dm_buf);
	struct dm_ioctl *d = &dm_buf.h;
	d->version[0] = DM_VERSION_MAJOR;
	d->version[1] = 0;
	d->version[2] = 0;
	d->data_size = sizeof dm_buf;
	d->data_start = sizeof(struct dm_ioctl);
	d->flags = flags;
	d->target_count = ntargets;
	snprintf(d->name, sizeof d->name, "%s", name);
	if (len > sizeof dm_buf - d->data_start)
		return -E2BIG;
	if (len)
		memcpy(dm_buf.raw + d->data_start, payload, len);
	if (ioctl(dm_ctl, cmd, d) < 0)
		return -errno;
	return 0;
}

static int dm_call(unsigned long cmd, uint32_t flags, const void *payload, size_t len, uint32_t ntargets)
{
	return dm_call_name(dmc->name, cmd, flags, payload, len, ntargets);
}

struct dm_seg {
	uint64_t start, len;
	bool error;
};

/* Load a table made of linear segments over the disk (same offset) and `error` segments. */
static int dm_load(const struct dm_seg *segs, int n)
{
	char payload[4096];
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		struct dm_target_spec sp;
		char params[128];
		memset(&sp, 0, sizeof sp);
		sp.sector_start = segs[i].start;
		sp.length = segs[i].len;
		if (segs[i].error) {
			snprintf(sp.target_type, sizeof sp.target_type, "error");
			params[0] = 0;
		} else {
			snprintf(sp.target_type, sizeof sp.target_type, "linear");
			snprintf(params, sizeof params, "%u:%u %" PRIu64, dmc->base_maj, dmc->base_min, segs[i].start);
		}
		size_t plen = strlen(params) + 1;
		size_t padded = (sizeof sp + plen + 7) & ~(size_t)7;
		if (off + padded > sizeof payload)
			return -E2BIG;
		sp.next = (uint32_t)padded;  /* offset of the next spec from the start of this one */
		memset(payload + off, 0, padded);
		memcpy(payload + off, &sp, sizeof sp);
		memcpy(payload + off + sizeof sp, params, plen);
		off += padded;
	}
	return dm_call(DM_TABLE_LOAD, 0, payload, off, (uint32_t)n);
}

/* Switch the live table like xfstests' _dmerror_load_*_table: suspend --nolockfs, load, resume. */
static int dm_switch(const struct dm_seg *segs, int n)
{
	int r = dm_call(DM_DEV_SUSPEND, DM_SUSPEND_FLAG | DM_SKIP_LOCKFS_FLAG, NULL, 0, 0);
	if (r < 0)
		return r;
	int lr = dm_load(segs, n);
	r = dm_call(DM_DEV_SUSPEND, 0, NULL, 0, 0);   /* resume: the loaded table goes live */
	return lr < 0 ? lr : r;
}

static int dm_set_linear(void)
{
	struct dm_seg s = { 0, dmc->sectors, false };
	int r = dm_switch(&s, 1);
	if (r == 0)
		dm_armed = false;
	return r;
}

/* All linear except [sector, sector + count) which fails every I/O with EIO. */
static int dm_set_error(uint64_t sector, uint64_t count)
{
	struct dm_seg s[3];
	int n = 0;
	if (sector > 0)
		s[n++] = (struct dm_seg){ 0, sector, false };
	s[n++] = (struct dm_seg){ sector, count, true };
	if (sector + count < dmc->sectors)
		s[n++] = (struct dm_seg){ sector + count, dmc->sectors - sector - count, false };
	int r = dm_switch(s, n);
	if (r == 0)
		dm_armed = true;
	return r;
}

/* One-target tables and the other DM ioctls, by device name. */
static int dm_load_one(const char *name, const char *type, uint64_t len, const char *params)
{
	char payload[1024];
	struct dm_target_spec sp;
	memset(&sp, 0, sizeof sp);
	sp.sector_start = 0;
	sp.length = len;
	snprintf(sp.target_type, sizeof sp.target_type, "%s", type);
	size_t plen = strlen(params) + 1;
	size_t padded = (sizeof sp + plen + 7) & ~(size_t)7;
	if (padded > sizeof payload)
		return -E2BIG;
	sp.next = 0;
	memset(payload, 0, padded);
	memcpy(payload, &sp, sizeof sp);
	memcpy(payload + sizeof sp, params, plen);
	return dm_call_name(name, DM_TABLE_LOAD, 0, payload, padded, 1);
}

/* Create device `name` with one target, make it live, and a node for it; *dev its number. */
static int dm_create(const char *name, const char *type, uint64_t len, const char *params, const char *node, dev_t *dev)
{
	int r = dm_call_name(name, DM_DEV_CREATE, 0, NULL, 0, 0);
	if (r < 0)
		return r;
	*dev = (dev_t)dm_buf.h.dev;
	if ((r = dm_load_one(name, type, len, params)) < 0)
		return r;
	if ((r = dm_call_name(name, DM_DEV_SUSPEND, 0, NULL, 0, 0)) < 0)   /* resume */
		return r;
	if (node) {
		unlink(node);
		if (mknod(node, S_IFBLK | 0600, *dev) < 0)
			return -errno;
	}
	return 0;
}

static int dm_remove(const char *name)
{
	return dm_call_name(name, DM_DEV_REMOVE, 0, NULL, 0, 0);
}

static int dm_suspend_name(const char *name, bool suspend)
{
	return dm_call_name(name, DM_DEV_SUSPEND, suspend ? DM_SUSPEND_FLAG | DM_SKIP_LOCKFS_FLAG : 0, NULL, 0, 0);
}

/* A target message (dmsetup message NAME 0 MSG). */
static int dm_message(const char *name, const char *msg)
{
	char payload[256];
	struct dm_target_msg *m = (struct dm_target_msg *)payload;
	memset(payload, 0, sizeof payload);
	m->sector = 0;
	snprintf(m->message, sizeof payload - sizeof *m, "%s", msg);
	return dm_call_name(name, DM_TARGET_MSG, 0, payload, sizeof *m + strlen(m->message) + 1, 0);
}

/* The status line of a one-target device (dmsetup status NAME, without the range and type). */
static int dm_status(const char *name, char *out, size_t outlen)
{
	int r = dm_call_name(name, DM_TABLE_STATUS, 0, NULL, 0, 0);
	if (r < 0)
		return r;
	struct dm_ioctl *d = &dm_buf.h;
	if (d->target_count < 1)
		return -ENODATA;
	struct dm_target_spec *sp = (struct dm_target_spec *)(dm_buf.raw + d->data_start);
	snprintf(out, outlen, "%s", (char *)(sp + 1));
	return 0;
}

/* The virtio disk whose serial (QEMU's -device virtio-blk-pci,serial=...) is `serial`. */
static int find_disk(const char *serial, char *node, size_t nodelen, dev_t *dev, uint64_t *sectors)
{
	DIR *d = opendir("/sys/block");
	if (!d)
		return -errno;
	struct dirent *e;
	int r = -ENOENT;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "vd", 2))
			continue;
		char p[300], v[64] = "";
		snprintf(p, sizeof p, "/sys/block/%s/serial", e->d_name);
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, v, sizeof v - 1);
		close(fd);
		if (n <= 0)
			continue;
		v[n] = 0;
		v[strcspn(v, "\n")] = 0;
		if (strcmp(v, serial))
			continue;
		snprintf(node, nodelen, "/dev/%s", e->d_name);
		struct stat st;
		for (int i = 0; i < 200 && stat(node, &st) < 0; i++)
			sleep_us(10000);
		if (stat(node, &st) < 0) {
			r = -errno;
			break;
		}
		*dev = st.st_rdev;
		int fd2 = open(node, O_RDONLY | O_CLOEXEC);
		uint64_t bytes = 0;
		if (fd2 < 0 || ioctl(fd2, BLKGETSIZE64, &bytes) < 0) {
			r = -errno;
			if (fd2 >= 0)
				close(fd2);
			break;
		}
		close(fd2);
		*sectors = bytes / 512;
		r = 0;
		break;
	}
	closedir(d);
	return r;
}

/*
 * ENOSPC: the thin stack. With a disk of serial "wberr-pool" (run-qemu.sh adds it when a scenario
 * has `writeback P ENOSPC`), the fsync scenarios' file system lives on a dm-thin volume whose
 * external origin is the image disk (/dev/vda, read only through the pool): reads of blocks the
 * pool has not provisioned go to the origin, every write provisions a 64 KiB pool block. The pool
 * (metadata: the first 8 MiB of the pool disk, data: the rest) has error_if_no_space: when it is
 * full, a write that needs a new block fails at once with BLK_STS_NOSPC, which writeback records
 * as -ENOSPC (blk_status_to_errno). See do_enospc_writeback for how a step fills it.
 */
#define POOL_META_SECTORS 16384ULL   /* 8 MiB */
#define POOL_BLOCK_SECTORS 128ULL    /* 64 KiB, the smallest thin-pool block */
#define THIN_NODE "/dev/wberr-thin"
#define FILL_NODE "/dev/wberr-fill"
static bool thin;                    /* the thin stack is in use */
static dev_t pool_dev, thin_dev;
static char base_node[64] = DISK;    /* what the main dm device maps: the disk, or the thin volume */

static int thin_setup(const char *pool_disk, dev_t pdev, uint64_t psectors, char *why, size_t whylen)
{
	char params[256];
	dev_t meta, data;
	if (psectors < POOL_META_SECTORS + 64 * POOL_BLOCK_SECTORS) {
		snprintf(why, whylen, "the pool disk %s is too small", pool_disk);
		return -1;
	}
	uint64_t dsectors = (psectors - POOL_META_SECTORS) / POOL_BLOCK_SECTORS * POOL_BLOCK_SECTORS;
	snprintf(params, sizeof params, "%u:%u 0", major(pdev), minor(pdev));
	int r = dm_create("wberr-pmeta", "linear", POOL_META_SECTORS, params, NULL, &meta);
	if (r == 0) {
		snprintf(params, sizeof params, "%u:%u %llu", major(pdev), minor(pdev), POOL_META_SECTORS);
		r = dm_create("wberr-pdata", "linear", dsectors, params, NULL, &data);
	}
	if (r == 0) {
		/* data block size, low water mark 0, features: no zeroing of new blocks (the
		 * fills write them), fail instead of queueing when out of space */
		snprintf(params, sizeof params, "%u:%u %u:%u %llu 0 2 skip_block_zeroing error_if_no_space",
			 major(meta), minor(meta), major(data), minor(data), POOL_BLOCK_SECTORS);
		r = dm_create("wberr-pool", "thin-pool", dsectors, params, NULL, &pool_dev);
	}
	if (r == 0)
		r = dm_message("wberr-pool", "create_thin 0");
	if (r == 0) {
		snprintf(params, sizeof params, "%u:%u 0 %u:%u", major(pool_dev), minor(pool_dev), disk_major, disk_minor);
		r = dm_create("wberr-thin", "thin", disk_sectors, params, THIN_NODE, &thin_dev);
	}
	if (r < 0) {
		snprintf(why, whylen, "setting up the thin pool on %s: %s", pool_disk, strerror(-r));
		return -1;
	}
	thin = true;
	snprintf(base_node, sizeof base_node, "%s", THIN_NODE);
	disk_major = major(thin_dev);
	disk_minor = minor(thin_dev);
	return 0;
}

static int dm_setup(char *why, size_t whylen)
{
	struct stat st;
	for (int i = 0; i < 500 && stat(DISK, &st) < 0; i++)
		sleep_us(10000);
	if (stat(DISK, &st) < 0 || !S_ISBLK(st.st_mode)) {
		snprintf(why, whylen, "%s did not appear (virtio_blk not loaded?)", DISK);
		return -1;
	}
	disk_major = major(st.st_rdev);
	disk_minor = minor(st.st_rdev);
	int fd = open(DISK, O_RDONLY | O_CLOEXEC);
	uint64_t bytes = 0;
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes) < 0) {
		snprintf(why, whylen, "cannot read the size of %s: %s", DISK, strerror(errno));
		return -1;
	}
	close(fd);
	disk_sectors = bytes / 512;
	dm_ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	if (dm_ctl < 0) {
		mkdir("/dev/mapper", 0755);
		mknod("/dev/mapper/control", S_IFCHR | 0600, makedev(10, 236));
		dm_ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	}
	if (dm_ctl < 0) {
		snprintf(why, whylen, "cannot open /dev/mapper/control: %s (dm_mod not loaded?)", strerror(errno));
		return -1;
	}
	char pnode[64];
	dev_t pdev;
	uint64_t psectors;
	if (find_disk("wberr-pool", pnode, sizeof pnode, &pdev, &psectors) == 0 &&
	    thin_setup(pnode, pdev, psectors, why, whylen) < 0)
		return -1;
	int r = dm_call(DM_DEV_CREATE, 0, NULL, 0, 0);
	if (r < 0) {
		snprintf(why, whylen, "DM_DEV_CREATE: %s", strerror(-r));
		return -1;
	}
	dev_t dev = (dev_t)dm_buf.h.dev;
	dm_major = major(dev);
	dm_minor = minor(dev);
	struct dm_seg s = { 0, disk_sectors, false };
	r = dm_load(&s, 1);
	if (r == 0)
		r = dm_call(DM_DEV_SUSPEND, 0, NULL, 0, 0);
	if (r < 0) {
		snprintf(why, whylen, "loading the linear table: %s", strerror(-r));
		return -1;
	}
	unlink(DM_NODE);
	if (mknod(DM_NODE, S_IFBLK | 0600, dev) < 0) {
		snprintf(why, whylen, "mknod %s: %s", DM_NODE, strerror(errno));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Tracing (tracefs) and the kernel log.                                                       */

static bool tracing;
static int kmsg_fd = -1;

static const char *trace_events[] = {
	"filemap/filemap_set_wb_err",
	"filemap/file_check_and_advance_wb_err",
	"ext4/ext4_evict_inode",
};
/* Enabled only during the metadata steps (a trace line per bio otherwise). */
#define TRACE_BIO_EVENT TRACING "/events/block/block_bio_queue/enable"
#define TRACE_BIO_DONE_EVENT TRACING "/events/block/block_bio_complete/enable"

static void tracing_setup(void)
{
	struct stat st;
	if (stat(TRACING "/trace", &st) < 0)
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	tracing = stat(TRACING "/trace", &st) == 0;
	for (size_t i = 0; tracing && i < sizeof trace_events / sizeof *trace_events; i++) {
		char p[256];
		snprintf(p, sizeof p, TRACING "/events/%s/enable", trace_events[i]);
		if (write_file(p, "1") < 0)
			tracing = false;
	}
	if (tracing)
		tracing = write_file(TRACING "/tracing_on", "1") == 0;
}

static void trace_clear(void)
{
	if (!tracing)
		return;
	int fd = open(TRACING "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
}

/* What the trace buffer says about inode `ino` since the last trace_clear(). */
struct trace_obs {
	char wb_err[512];     /* comma-separated: mapping->wb_err before each errseq_set */
	char cursor[512];     /* comma-separated old>new of fd cursors advanced */
	bool evicted;
	char other[512];      /* wb_err sets on other inodes (the block device's): dev:ino:prev */
	int reads;            /* bios reading `read_sector` of device bio_maj:bio_min */
	int writes;           /* bios writing it */
	int bio_err;          /* the last completion status of such a write (block_bio_complete) */
	int bio_done;         /* completions seen of writes of it */
};
static uint64_t read_sector = UINT64_MAX;   /* set by the metadata steps */
static unsigned bio_maj, bio_min;           /* the device read_sector is on (default: dm_main) */

static void trace_collect(unsigned long ino, struct trace_obs *o)
{
	memset(o, 0, sizeof *o);
	if (!tracing)
		return;
	FILE *f = fopen(TRACING "/trace", "re");
	if (!f)
		return;
	char l[1024];
	while (fgets(l, sizeof l, f)) {
		char *p;
		unsigned a, b, ma, mi;
		unsigned long i;
		if ((p = strstr(l, "filemap_set_wb_err: ")) &&
		    sscanf(p, "filemap_set_wb_err: dev=%u:%u ino=0x%lx errseq=0x%x", &ma, &mi, &i, &a) == 4) {
			char *dst = i == ino ? o->wb_err : o->other;
			size_t cap = i == ino ? sizeof o->wb_err : sizeof o->other;
			size_t n = strlen(dst);
			if (i == ino)
				snprintf(dst + n, cap - n, "%s0x%x", n ? "," : "", a);
			else
				snprintf(dst + n, cap - n, "%s%u:%u:0x%lx:0x%x", n ? "," : "", ma, mi, i, a);
		} else if ((p = strstr(l, "file_check_and_advance_wb_err: ")) &&
			   sscanf(p, "file_check_and_advance_wb_err: file=%*s dev=%u:%u ino=0x%lx old=0x%x new=0x%x",
				  &ma, &mi, &i, &a, &b) == 5 && i == ino) {
			size_t n = strlen(o->cursor);
			snprintf(o->cursor + n, sizeof o->cursor - n, "%s0x%x>0x%x", n ? "," : "", a, b);
		} else if ((p = strstr(l, "ext4_evict_inode: ")) &&
			   sscanf(p, "ext4_evict_inode: dev %u,%u ino %lu", &ma, &mi, &i) == 3 && i == ino) {
			o->evicted = true;
		} else if ((p = strstr(l, "block_bio_queue: "))) {
			char rwbs[16];
			unsigned long long sec;
			unsigned wm = bio_maj ? bio_maj : dm_major, wn = bio_maj ? bio_min : dm_minor;
			if (sscanf(p, "block_bio_queue: %u,%u %15s %llu", &ma, &mi, rwbs, &sec) == 4 &&
			    ma == wm && mi == wn && sec == read_sector) {
				if (strchr(rwbs, 'R'))
					o->reads++;
				else if (strchr(rwbs, 'W'))
					o->writes++;
			}
		} else if ((p = strstr(l, "block_bio_complete: "))) {
			char rwbs[16];
			unsigned long long sec;
			unsigned len;
			int err = 0;
			unsigned wm = bio_maj ? bio_maj : dm_major, wn = bio_maj ? bio_min : dm_minor;
			if (sscanf(p, "block_bio_complete: %u,%u %15s %llu + %u [%d]", &ma, &mi, rwbs, &sec, &len, &err) >= 5 &&
			    ma == wm && mi == wn && sec == read_sector && strchr(rwbs, 'W')) {
				o->bio_done++;
				o->bio_err = err;
			}
		}
	}
	fclose(f);
}

static void kmsg_setup(void)
{
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/* dm minors for which ext4 said "Remounting filesystem read-only": ext4_handle_error prints it
 * exactly when it sets EXT4_MF_FS_ABORTED (!continue_fs && !sb_rdonly), which 6.1.115 and later
 * ("ext4: don't set SB_RDONLY after filesystem errors") no longer follow with SB_RDONLY. */
static unsigned char aborted_dm[256];

static void note_abort(const char *text)
{
	unsigned m;
	const char *p = strstr(text, "EXT4-fs (dm-");
	if (p && strstr(p, "Remounting filesystem read-only") && sscanf(p, "EXT4-fs (dm-%u)", &m) == 1 && m < 256)
		aborted_dm[m] = 1;
}

/* Forward kernel log records written since the last call, each as a `WBERR kmsg` line. */
static void kmsg_forward(const char *scenario, int step)
{
	if (kmsg_fd < 0)
		return;
	char rec[8192];
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof rec - 1);
		if (n < 0 && errno == EPIPE)
			continue;     /* records were overwritten before we read them; go on */
		if (n <= 0)
			return;
		rec[n] = 0;
		char *semi = strchr(rec, ';');
		if (!semi)
			continue;
		char *nl = strchr(semi + 1, '\n');
		if (nl)
			*nl = 0;
		unsigned prio = (unsigned)strtoul(rec, NULL, 10);
		line_start("kmsg");
		if (scenario)
			line_add("scenario=%s", scenario);
		if (step >= 0)
			line_add("n=%d", step);
		line_add("level=%u", prio & 7);
		line_addq("text", semi + 1);
		note_abort(semi + 1);
		line_end();
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Page state: mincore(2) for residency, /proc/kpageflags for dirty, writeback, error.         */

static int pagemap_fd = -1, kpageflags_fd = -1;

/* One character per page: '-' not cached, 'c' clean, 'e' clean with PG_error (its last write
 * failed), 'd' dirty, 'w' under writeback, '?' cached but flags unreadable. */
static int page_states_at(const char *path, uint64_t first, int npages, char *out)
{
	for (int i = 0; i < npages; i++)
		out[i] = '?';
	out[npages] = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = (size_t)npages * PAGE_SZ;
	unsigned char *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)(first * PAGE_SZ));
	if (m == MAP_FAILED) {
		int e = -errno;
		close(fd);
		return e;
	}
	madvise(m, len, MADV_RANDOM);   /* a fault must not start readahead of non-resident pages */
	unsigned char vec[MAX_PAGES];
	int r = 0;
	if (mincore(m, len, vec) < 0) {
		r = -errno;
		goto out;
	}
	for (int i = 0; i < npages; i++) {
		if (!(vec[i] & 1)) {
			out[i] = '-';
			continue;
		}
		volatile unsigned char c = m[(size_t)i * PAGE_SZ];   /* map the resident page */
		(void)c;
		uint64_t ent = 0, flags = 0;
		uint64_t vpn = ((uintptr_t)m + (size_t)i * PAGE_SZ) / PAGE_SZ;
		if (pagemap_fd < 0 || pread(pagemap_fd, &ent, 8, (off_t)(vpn * 8)) != 8 || !(ent >> 63))
			continue;
		uint64_t pfn = ent & ((1ULL << 55) - 1);
		if (kpageflags_fd < 0 || pread(kpageflags_fd, &flags, 8, (off_t)(pfn * 8)) != 8)
			continue;
		if (flags & (1ULL << KPF_WRITEBACK))
			out[i] = 'w';
		else if (flags & (1ULL << KPF_DIRTY))
			out[i] = 'd';
		else if (flags & (1ULL << KPF_ERROR))
			out[i] = 'e';
		else
			out[i] = 'c';
	}
out:
	munmap(m, len);
	close(fd);
	return r;
}

static int page_states(const char *path, int npages, char *out)
{
	return page_states_at(path, 0, npages, out);
}

/* ------------------------------------------------------------------------------------------ */
/* Scenarios.                                                                                  */

enum op {
	OP_OPEN, OP_CLOSE, OP_WRITE, OP_WRITEBACK, OP_EVICT, OP_EVICT_INODE, OP_FSYNC,
	OP_STAT, OP_FIEMAP_SYNC, OP_SYNC, OP_SYNCFS, OP_META_WRITEBACK, OP_META_MODIFY, OP_META_EVICT,
	OP_WB_START, OP_WB_END,
	/* subject ext4 */
	OP_MODIFY, OP_COMMIT, OP_MWB_START, OP_MWB_END, OP_READ_BITMAP, OP_CHECK_BDEV, OP_ERROR_ERR,
	OP_RUN_WQ, OP_EXPECT,
};
static const char *op_names[] = {
	"open", "close", "write", "writeback", "evict", "evict-inode", "fsync",
	"stat", "fiemap-sync", "sync", "syncfs", "meta-writeback", "meta-modify", "meta-evict",
	"writeback-start", "writeback-end",
	"modify", "commit", "meta-writeback-start", "meta-writeback-end", "read-bitmap", "check-bdev-error",
	"error-err", "run-workqueue", "expect",
};

struct step {
	enum op op;
	int line;
	char fd[MAX_NAME];     /* "" when the step has no fd */
	int page;              /* -1 when the step has no page */
	char outcome[16];      /* writeback: ok, EIO, ENOSPC */
	char expect[16];       /* after "=>", "" if none */
	char block[MAX_NAME];  /* subject ext4: the metadata block named (`bitmap`), or `fs` for expect */
	char keys[256];        /* expect: the KEY=VALUE words as written */
};

enum subject { SUBJ_FSYNC, SUBJ_EXT4 };
struct scenario {
	char name[256];
	char variant[64];
	enum subject subject;
	char errors[16];       /* subject ext4: continue, remount-ro, panic */
	struct step steps[MAX_STEPS];
	int nsteps;
	int npages;
};

enum trigger { TRIGGER_PAGE, TRIGGER_SYNC };
static enum trigger trigger = TRIGGER_PAGE;

static bool valid_fd_name(const char *s)
{
	if (!*s || strlen(s) >= MAX_NAME)
		return false;
	for (; *s; s++)
		if (!isalpha((unsigned char)*s))
			return false;
	return true;
}

static bool parse_page(const char *s, int *page)
{
	if (!*s || strlen(s) > 3)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	*page = atoi(s);
	return *page < MAX_PAGES;
}

/* Parse a step file; on error fill `why` with "line N: ..." and return -1. */
static int parse_scenario(const char *path, struct scenario *sc, char *why, size_t whylen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(why, whylen, "cannot open %.200s: %s", path, strerror(errno));
		return -1;
	}
	char l[1024];
	int lineno = 0;
	sc->nsteps = 0;
	sc->npages = 1;
	sc->variant[0] = 0;
	while (fgets(l, sizeof l, f)) {
		lineno++;
		char *hash = strchr(l, '#');
		if (hash)
			*hash = 0;
		char expect[16] = "";
		char *arrow = strstr(l, "=>");
		if (arrow) {
			*arrow = 0;
			char extra[16];
			if (sscanf(arrow + 2, "%15s %15s", expect, extra) != 1) {
				snprintf(why, whylen, "line %d: expected one result after '=>'", lineno);
				goto bad;
			}
			if (strcmp(expect, "0") && strcmp(expect, "EIO") && strcmp(expect, "ENOSPC") && strcmp(expect, "EROFS")) {
				snprintf(why, whylen, "line %d: result '%s' is not 0, EIO, ENOSPC or EROFS", lineno, expect);
				goto bad;
			}
		}
		char *tok[16];
		int nt = 0;
		for (char *t = strtok(l, " \t\r\n"); t; t = strtok(NULL, " \t\r\n")) {
			if (nt == 16) {
				snprintf(why, whylen, "line %d: too many words", lineno);
				goto bad;
			}
			tok[nt++] = t;
		}
		if (nt == 0) {
			if (expect[0]) {
				snprintf(why, whylen, "line %d: '=>' without a step", lineno);
				goto bad;
			}
			continue;
		}
		if (!strcmp(tok[0], "variant")) {
			if (nt != 2) {
				snprintf(why, whylen, "line %d: expected 'variant ID'", lineno);
				goto bad;
			}
			snprintf(sc->variant, sizeof sc->variant, "%s", tok[1]);
			continue;
		}
		if (!strcmp(tok[0], "subject")) {
			if (nt != 2 || (strcmp(tok[1], "fsync") && strcmp(tok[1], "ext4"))) {
				snprintf(why, whylen, "line %d: expected 'subject fsync|ext4'", lineno);
				goto bad;
			}
			if (sc->nsteps) {
				snprintf(why, whylen, "line %d: 'subject' must come before the first step", lineno);
				goto bad;
			}
			sc->subject = strcmp(tok[1], "ext4") ? SUBJ_FSYNC : SUBJ_EXT4;
			continue;
		}
		if (!strcmp(tok[0], "errors")) {
			if (nt != 2 || (strcmp(tok[1], "continue") && strcmp(tok[1], "remount-ro") && strcmp(tok[1], "panic"))) {
				snprintf(why, whylen, "line %d: expected 'errors continue|remount-ro|panic'", lineno);
				goto bad;
			}
			snprintf(sc->errors, sizeof sc->errors, "%s", tok[1]);
			continue;
		}
		if (!strcmp(tok[0], "fs")) {   /* the host's choice of disk image; nothing to do here */
			continue;
		}
		if (sc->nsteps == MAX_STEPS) {
			snprintf(why, whylen, "line %d: more than %d steps", lineno, MAX_STEPS);
			goto bad;
		}
		struct step *s = &sc->steps[sc->nsteps];
		memset(s, 0, sizeof *s);
		s->line = lineno;
		s->page = -1;
		snprintf(s->expect, sizeof s->expect, "%s", expect);
		int want;            /* number of words expected */
		const char *usage;
		if (!strcmp(tok[0], "open")) { s->op = OP_OPEN; want = 2; usage = "open FD"; }
		else if (!strcmp(tok[0], "close")) { s->op = OP_CLOSE; want = 2; usage = "close FD"; }
		else if (!strcmp(tok[0], "write")) { s->op = OP_WRITE; want = 3; usage = "write FD PAGE"; }
		else if (!strcmp(tok[0], "writeback")) { s->op = OP_WRITEBACK; want = 3; usage = "writeback PAGE ok|EIO|ENOSPC"; }
		else if (!strcmp(tok[0], "evict")) { s->op = OP_EVICT; want = 2; usage = "evict PAGE"; }
		else if (!strcmp(tok[0], "evict-inode")) { s->op = OP_EVICT_INODE; want = 1; usage = "evict-inode"; }
		else if (!strcmp(tok[0], "fsync")) { s->op = OP_FSYNC; want = 2; usage = "fsync FD"; }
		else if (!strcmp(tok[0], "stat")) { s->op = OP_STAT; want = nt == 2 ? 2 : 1; usage = "stat [FD]"; }
		else if (!strcmp(tok[0], "fiemap-sync")) { s->op = OP_FIEMAP_SYNC; want = nt == 2 ? 2 : 1; usage = "fiemap-sync [FD]"; }
		else if (!strcmp(tok[0], "sync")) { s->op = OP_SYNC; want = 1; usage = "sync"; }
		else if (!strcmp(tok[0], "syncfs")) { s->op = OP_SYNCFS; want = 2; usage = "syncfs FD"; }
		else if (!strcmp(tok[0], "meta-writeback")) { s->op = OP_META_WRITEBACK; want = 3; usage = "meta-writeback BLOCK ok|EIO|ENOSPC"; }
		else if (!strcmp(tok[0], "writeback-start")) { s->op = OP_WB_START; want = 2; usage = "writeback-start PAGE"; }
		else if (!strcmp(tok[0], "writeback-end")) { s->op = OP_WB_END; want = 3; usage = "writeback-end PAGE ok|EIO|ENOSPC"; }
		else if (!strcmp(tok[0], "modify")) { s->op = OP_MODIFY; want = 2; usage = "modify BLOCK"; }
		else if (!strcmp(tok[0], "commit")) { s->op = OP_COMMIT; want = 1; usage = "commit"; }
		else if (!strcmp(tok[0], "meta-writeback-start")) { s->op = OP_MWB_START; want = 2; usage = "meta-writeback-start BLOCK"; }
		else if (!strcmp(tok[0], "meta-writeback-end")) { s->op = OP_MWB_END; want = 3; usage = "meta-writeback-end BLOCK ok|EIO"; }
		else if (!strcmp(tok[0], "read-bitmap")) { s->op = OP_READ_BITMAP; want = 2; usage = "read-bitmap BLOCK"; }
		else if (!strcmp(tok[0], "check-bdev-error")) { s->op = OP_CHECK_BDEV; want = 1; usage = "check-bdev-error"; }
		else if (!strcmp(tok[0], "error-err")) { s->op = OP_ERROR_ERR; want = 1; usage = "error-err"; }
		else if (!strcmp(tok[0], "run-workqueue")) { s->op = OP_RUN_WQ; want = 1; usage = "run-workqueue"; }
		else if (!strcmp(tok[0], "expect")) { s->op = OP_EXPECT; want = nt >= 3 ? nt : 3; usage = "expect BLOCK|fs KEY=VALUE..."; }
		else if (!strcmp(tok[0], "meta-modify")) { s->op = OP_META_MODIFY; want = 1; usage = "meta-modify"; }
		else if (!strcmp(tok[0], "meta-evict")) { s->op = OP_META_EVICT; want = 1; usage = "meta-evict"; }
		else {
			snprintf(why, whylen, "line %d: unknown step '%s'", lineno, tok[0]);
			goto bad;
		}
		if (nt != want) {
			snprintf(why, whylen, "line %d: expected '%s'", lineno, usage);
			goto bad;
		}
		switch (s->op) {
		case OP_OPEN: case OP_CLOSE: case OP_FSYNC: case OP_SYNCFS: case OP_WRITE: case OP_STAT:
		case OP_FIEMAP_SYNC:
			if (nt >= 2) {
				if (!valid_fd_name(tok[1])) {
					snprintf(why, whylen, "line %d: fd name '%s' is not letters only", lineno, tok[1]);
					goto bad;
				}
				snprintf(s->fd, sizeof s->fd, "%s", tok[1]);
			}
			if (s->op == OP_WRITE && !parse_page(tok[2], &s->page)) {
				snprintf(why, whylen, "line %d: page '%s' is not an integer in 0..%d", lineno, tok[2], MAX_PAGES - 1);
				goto bad;
			}
			break;
		case OP_WRITEBACK:
			if (!parse_page(tok[1], &s->page)) {
				snprintf(why, whylen, "line %d: page '%s' is not an integer in 0..%d", lineno, tok[1], MAX_PAGES - 1);
				goto bad;
			}
			if (strcmp(tok[2], "ok") && strcmp(tok[2], "EIO") && strcmp(tok[2], "ENOSPC")) {
				snprintf(why, whylen, "line %d: outcome '%s' is not ok, EIO or ENOSPC", lineno, tok[2]);
				goto bad;
			}
			snprintf(s->outcome, sizeof s->outcome, "%s", tok[2]);
			break;
		case OP_META_WRITEBACK:
		case OP_MWB_END:
		case OP_MODIFY:
		case OP_MWB_START:
		case OP_READ_BITMAP:
			if (strcmp(tok[1], "bitmap")) {
				snprintf(why, whylen, "line %d: the only metadata block implemented is 'bitmap' (the block bitmap of the scratch file's group)", lineno);
				goto bad;
			}
			snprintf(s->block, sizeof s->block, "%s", tok[1]);
			if (s->op != OP_META_WRITEBACK && s->op != OP_MWB_END)
				break;
			if (strcmp(tok[2], "ok") && strcmp(tok[2], "EIO") && strcmp(tok[2], "ENOSPC")) {
				snprintf(why, whylen, "line %d: outcome '%s' is not ok, EIO or ENOSPC", lineno, tok[2]);
				goto bad;
			}
			snprintf(s->outcome, sizeof s->outcome, "%s", tok[2]);
			break;
		case OP_WB_START:
		case OP_WB_END:
			if (!parse_page(tok[1], &s->page)) {
				snprintf(why, whylen, "line %d: page '%s' is not an integer in 0..%d", lineno, tok[1], MAX_PAGES - 1);
				goto bad;
			}
			if (s->op == OP_WB_END)
				snprintf(s->outcome, sizeof s->outcome, "%s", tok[2]);
			break;
		case OP_EXPECT: {
			if (strcmp(tok[1], "bitmap") && strcmp(tok[1], "fs")) {
				snprintf(why, whylen, "line %d: 'expect %s': only 'expect bitmap ...' and 'expect fs ...'", lineno, tok[1]);
				goto bad;
			}
			snprintf(s->block, sizeof s->block, "%s", tok[1]);
			size_t n = 0;
			for (int k = 2; k < nt; k++) {
				if (!strchr(tok[k], '=')) {
					snprintf(why, whylen, "line %d: '%s' is not KEY=VALUE", lineno, tok[k]);
					goto bad;
				}
				n += (size_t)snprintf(s->keys + n, sizeof s->keys - n, "%s%s", n ? " " : "", tok[k]);
			}
			break;
		}
		case OP_EVICT:
			if (!parse_page(tok[1], &s->page)) {
				snprintf(why, whylen, "line %d: page '%s' is not an integer in 0..%d", lineno, tok[1], MAX_PAGES - 1);
				goto bad;
			}
			break;
		default:
			break;
		}
		if (s->page >= sc->npages)
			sc->npages = s->page + 1;
		sc->nsteps++;
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	return -1;
}

/* Per-scenario run state. */
struct run {
	struct scenario *sc;
	int index;
	char path[256];
	unsigned long ino;
	uint64_t sector[MAX_PAGES];     /* first 512-byte sector of each page's block on the disk */
	struct { char name[MAX_NAME]; int fd; } fds[MAX_FDS];
	int nfds;
	unsigned writes;                /* content generation, so every write differs */
	uint64_t bitmap_block;          /* metadata steps: the block bitmap they fail, 0 = none yet */
};

static int fd_lookup(struct run *r, const char *name)
{
	for (int i = 0; i < r->nfds; i++)
		if (!strcmp(r->fds[i].name, name))
			return i;
	return -1;
}

static void fill_page(char *buf, const struct run *r, int page, unsigned gen)
{
	char head[96];
	int n = snprintf(head, sizeof head, "wberr scenario=%d page=%d gen=%u\n", r->index, page, gen);
	for (int off = 0; off < PAGE_SZ; off += n)
		memcpy(buf + off, head, (size_t)(off + n <= PAGE_SZ ? n : PAGE_SZ - off));
}

static bool fs_broken;
static char fs_broken_why[1024];

/* Create the scenario's file: every page written, allocated and on disk, then dropped from the
 * page cache; map each page to its disk sectors with FIEMAP and check the mapping by reading the
 * disk directly (O_DIRECT) and comparing with what was written. */
static int prepare_file(struct run *r, char *why, size_t whylen)
{
	static char buf[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	static char disk[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	int n = r->sc->npages;
	snprintf(r->path, sizeof r->path, MNT "/s%03d", r->index);
	int fd = open(r->path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(why, whylen, "create %s: %s", r->path, strerror(errno));
		return -1;
	}
	for (int p = 0; p < n; p++) {
		fill_page(buf, r, p, 0);
		if (pwrite(fd, buf, PAGE_SZ, (off_t)p * PAGE_SZ) != PAGE_SZ) {
			snprintf(why, whylen, "initial write of page %d: %s", p, strerror(errno));
			goto fail;
		}
	}
	if (fsync(fd) < 0) {
		snprintf(why, whylen, "initial fsync: %s", strerror(errno));
		goto fail;
	}
	struct stat st;
	fstat(fd, &st);
	r->ino = (unsigned long)st.st_ino;
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[MAX_PAGES];
	} fmb;
	memset(&fmb, 0, sizeof fmb);
	fmb.fm.fm_start = 0;
	fmb.fm.fm_length = (uint64_t)n * PAGE_SZ;
	fmb.fm.fm_flags = FIEMAP_FLAG_SYNC;
	fmb.fm.fm_extent_count = MAX_PAGES;
	if (ioctl(fd, FS_IOC_FIEMAP, &fmb.fm) < 0) {
		snprintf(why, whylen, "FIEMAP: %s", strerror(errno));
		goto fail;
	}
	const uint32_t bad = FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_ENCODED |
			     FIEMAP_EXTENT_DATA_ENCRYPTED | FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_DATA_INLINE |
			     FIEMAP_EXTENT_DATA_TAIL | FIEMAP_EXTENT_UNWRITTEN;
	for (int p = 0; p < n; p++) {
		uint64_t lo = (uint64_t)p * PAGE_SZ;
		bool found = false;
		for (unsigned e = 0; e < fmb.fm.fm_mapped_extents; e++) {
			struct fiemap_extent *x = &fmb.ext[e];
			if (lo >= x->fe_logical && lo < x->fe_logical + x->fe_length) {
				if (x->fe_flags & bad) {
					snprintf(why, whylen, "page %d: extent flags 0x%x (not a plain written extent)", p, x->fe_flags);
					goto fail;
				}
				uint64_t phys = x->fe_physical + (lo - x->fe_logical);
				if (phys % PAGE_SZ) {
					snprintf(why, whylen, "page %d: physical offset %" PRIu64 " not page aligned", p, phys);
					goto fail;
				}
				r->sector[p] = phys / 512;
				found = true;
			}
		}
		if (!found) {
			snprintf(why, whylen, "page %d: no extent maps it", p);
			goto fail;
		}
	}
	close(fd);
	/* Check the mapping: the disk must hold what was written, where FIEMAP says. */
	int dfd = open(base_node, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (dfd < 0) {
		snprintf(why, whylen, "open %s O_DIRECT: %s", base_node, strerror(errno));
		return -1;
	}
	for (int p = 0; p < n; p++) {
		fill_page(buf, r, p, 0);
		if (pread(dfd, disk, PAGE_SZ, (off_t)(r->sector[p] * 512)) != PAGE_SZ || memcmp(buf, disk, PAGE_SZ)) {
			snprintf(why, whylen, "page %d: the disk at sector %" PRIu64 " does not hold its data", p, r->sector[p]);
			close(dfd);
			return -1;
		}
	}
	close(dfd);
	/* Start with nothing cached. */
	fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0) {
		snprintf(why, whylen, "dropping the initial pages: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

/* Mark the superblock's s_wb_err SEEN, so that errors of earlier scenarios are not reported by a
 * syncfs on an fd opened in this one. Returns what that syncfs reported (0 or -errno). */
static int sb_err_reset(void)
{
	int d = open(MNT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0)
		return -errno;
	int r = syncfs(d) < 0 ? -errno : 0;
	close(d);
	return r;
}

/* The file system still takes metadata changes (ext4 did not abort or go read-only). */
static bool fs_writable(char *why, size_t whylen)
{
	if (mkdir(MNT "/.probe", 0755) < 0 && errno != EEXIST) {
		snprintf(why, whylen, "mkdir on the file system failed: %s", strerror(errno));
		return false;
	}
	if (rmdir(MNT "/.probe") < 0) {
		snprintf(why, whylen, "rmdir on the file system failed: %s", strerror(errno));
		return false;
	}
	return true;
}

enum status { ST_DONE, ST_INVALID, ST_PRECONDITION, ST_UNSUPPORTED, ST_HARNESS, ST_INTERNAL };
static const char *status_names[] = { "done", "invalid", "precondition-failed", "unsupported", "harness-error", "internal" };

/* Wait until page `p` of the file open as `fd` is neither dirty nor under writeback: the page
 * trigger's writeback has completed (and end_page_writeback runs after mapping_set_error). */
static int wait_page_written(struct run *r, int fd, int p, char *why, size_t whylen)
{
	char st[MAX_PAGES + 1];
	for (int i = 0; i < 20000; i++) {          /* 20 s: far above a TCG page write */
		if (page_states(r->path, r->sc->npages, st) < 0) {
			snprintf(why, whylen, "cannot read the page state");
			return -1;
		}
		if (st[p] != 'w' && st[p] != 'd')
			return 0;
		/* WB_SYNC_NONE skips a page it cannot lock at once: if it is still dirty, ask again. */
		if (st[p] == 'd' && i % 100 == 99)
			sync_file_range(fd, (off_t)p * PAGE_SZ, PAGE_SZ, SYNC_FILE_RANGE_WRITE);
		sleep_us(1000);
	}
	snprintf(why, whylen, "page %d still '%c' after 20 s", p, st[p]);
	return -1;
}

/* ------------------------------------------------------------------------------------------ */
/* Metadata steps (kernel-only extension): fail the write-back of an ext4 block bitmap.        */

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Read a block of the disk, bypassing the page cache (the on-disk copy). */
static int disk_read_at(const char *node, uint64_t byte_off, unsigned char *buf)
{
	int fd = open(node, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = pread(fd, buf, PAGE_SZ, (off_t)byte_off);
	int e = n == PAGE_SZ ? 0 : (n < 0 ? -errno : -EIO);
	close(fd);
	return e;
}

/* The block bitmap location of the group holding file block `blk` (4 KiB blocks, from the
 * superblock and the group descriptor table on the disk: both are static after mkfs). */
static uint64_t group_first_block;   /* set by bitmap_of_at: the first block of that group */

static int bitmap_of_at(const char *node, uint64_t blk, uint64_t *group, uint64_t *bitmap, char *why, size_t whylen)
{
	static unsigned char b[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	int e = disk_read_at(node, 0, b);
	if (e < 0) {
		snprintf(why, whylen, "reading the superblock: %s", strerror(-e));
		return -1;
	}
	const unsigned char *sb = b + 1024;
	uint32_t first = le32(sb + 0x14), log_bs = le32(sb + 0x18), bpg = le32(sb + 0x20);
	uint32_t incompat = le32(sb + 0x60);
	bool is64 = incompat & 0x80;
	unsigned desc = is64 ? le16(sb + 0xFE) : 32;
	if ((1024u << log_bs) != PAGE_SZ || !bpg || desc < 32) {
		snprintf(why, whylen, "unexpected geometry (block size %u, blocks per group %u, desc %u)", 1024u << log_bs, bpg, desc);
		return -1;
	}
	*group = (blk - first) / bpg;
	group_first_block = first + *group * bpg;
	uint64_t off = (uint64_t)(first + 1) * PAGE_SZ + *group * desc;
	e = disk_read_at(node, off & ~(uint64_t)(PAGE_SZ - 1), b);
	if (e < 0) {
		snprintf(why, whylen, "reading the group descriptors: %s", strerror(-e));
		return -1;
	}
	const unsigned char *d = b + (off & (PAGE_SZ - 1));
	*bitmap = le32(d) | (is64 && desc >= 64 ? (uint64_t)le32(d + 0x20) << 32 : 0);
	return 0;
}

static int bitmap_of(uint64_t blk, uint64_t *group, uint64_t *bitmap, char *why, size_t whylen)
{
	return bitmap_of_at(base_node, blk, group, bitmap, why, whylen);
}

/* ext4's error counter for the mounted file system (/sys/fs/ext4/dm-N/errors_count), -1 if none. */
static long ext4_errors(void)
{
	char p[128], v[32] = "";
	snprintf(p, sizeof p, "/sys/fs/ext4/dm-%u/errors_count", dm_minor);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, v, sizeof v - 1);
	close(fd);
	return n > 0 ? strtol(v, NULL, 10) : -1;
}

/* Allocate one more block at the end of the scratch file and fsync it, which commits the jbd2
 * transaction that modified the block bitmap: the bitmap buffer is then dirty in the block
 * device's page cache, waiting for write-back to its home location. Returns 0 and the new block,
 * or -errno of the failed call; *fsync_err is set (0 or errno) only if fsync ran. */
static int scratch_alloc(const struct run *r, uint64_t *blk, int *fsync_err, char *why, size_t whylen)
{
	char path[300];
	snprintf(path, sizeof path, "%s.meta", r->path);
	int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = -errno;
		snprintf(why, whylen, "open %.200s: %s", path, strerror(-e));
		return e;
	}
	struct stat st;
	fstat(fd, &st);
	int ret = 0;
	if (fallocate(fd, 0, st.st_size, PAGE_SZ) < 0) {
		ret = -errno;
		snprintf(why, whylen, "fallocate: %s", strerror(errno));
		close(fd);
		return ret;
	}
	*fsync_err = fsync(fd) < 0 ? errno : 0;
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[32];
	} fmb;
	memset(&fmb, 0, sizeof fmb);
	fmb.fm.fm_start = (uint64_t)st.st_size;
	fmb.fm.fm_length = PAGE_SZ;
	fmb.fm.fm_extent_count = 32;
	if (ioctl(fd, FS_IOC_FIEMAP, &fmb.fm) < 0 || fmb.fm.fm_mapped_extents == 0) {
		snprintf(why, whylen, "FIEMAP of the new block failed");
		close(fd);
		return -EIO;
	}
	struct fiemap_extent *x = &fmb.ext[0];
	*blk = (x->fe_physical + ((uint64_t)st.st_size - x->fe_logical)) / PAGE_SZ;
	close(fd);
	return 0;
}

struct result;
static void extra_add(struct result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct result {
	enum status status;
	long ret;              /* the system call's return, -errno on failure */
	int err;               /* errno, 0 on success */
	char reason[256];
	char extra[512];       /* op-specific key=value pairs */
};

static void extra_add(struct result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void extra_add(struct result *res, const char *fmt, ...)
{
	size_t n = strlen(res->extra);
	if (n && n < sizeof res->extra - 1)
		res->extra[n++] = ' ';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->extra + n, sizeof res->extra - n, fmt, ap);
	va_end(ap);
}

/*
 * ENOSPC on the thin stack, around one writeback (see thin_setup):
 *  1. commit the running jbd2 transaction (fsync of a helper file), so that no journal write is
 *     due while the pool is full (it would need a new block, fail, and abort the journal);
 *  2. snapshot the volume (create_snap 1 0, the volume suspended): every provisioned block is now
 *     shared, so an overwrite of an already-written page must break sharing: a NEW pool block;
 *  3. fill the pool: a second thin volume (create_thin 2) gets one 4 KiB O_DIRECT write per pool
 *     block until a write fails with ENOSPC (error_if_no_space: at once, not queued).
 * Then the page's writeback needs a block, the pool has none: BLK_STS_NOSPC. pool_unfill deletes
 * the filler and the snapshot; the pool's commit (after the message) returns it to write mode.
 */
static int pool_fill(struct result *res)
{
	char st[512], why[160] = "";
	int fd = open(MNT "/.wberr-jbd", O_CREAT | O_RDWR | O_CLOEXEC, 0644);
	if (fd >= 0) {
		futimens(fd, NULL);
		fsync(fd);
		close(fd);
	}
	int e = dm_suspend_name("wberr-thin", true);
	if (e == 0) {
		e = dm_message("wberr-pool", "create_snap 1 0");
		int e2 = dm_suspend_name("wberr-thin", false);
		if (e == 0)
			e = e2;
	}
	if (e < 0) {
		snprintf(why, sizeof why, "snapshot of the thin volume: %s", strerror(-e));
		goto fail;
	}
	unsigned long long tid, um, tm, ud, td;
	if ((e = dm_status("wberr-pool", st, sizeof st)) < 0 ||
	    sscanf(st, "%llu %llu/%llu %llu/%llu", &tid, &um, &tm, &ud, &td) != 5) {
		snprintf(why, sizeof why, "pool status: %s", e < 0 ? strerror(-e) : st);
		goto fail;
	}
	unsigned long long nfree = td - ud, filled = 0;
	char params[96];
	dev_t fdev;
	snprintf(params, sizeof params, "%u:%u 2", major(pool_dev), minor(pool_dev));
	if ((e = dm_message("wberr-pool", "create_thin 2")) < 0 ||
	    (e = dm_create("wberr-fill", "thin", (nfree + 8) * POOL_BLOCK_SECTORS, params, FILL_NODE, &fdev)) < 0) {
		snprintf(why, sizeof why, "filler volume: %s", strerror(-e));
		goto fail;
	}
	static char zb[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	fd = open(FILL_NODE, O_WRONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, sizeof why, "open %s: %s", FILL_NODE, strerror(errno));
		goto fail;
	}
	int werr = 0;
	for (unsigned long long i = 0; i < nfree + 8; i++) {
		if (pwrite(fd, zb, PAGE_SZ, (off_t)(i * POOL_BLOCK_SECTORS * 512)) != PAGE_SZ) {
			werr = errno;
			break;
		}
		filled++;
	}
	close(fd);
	extra_add(res, "pool_free=%llu filled=%llu fill_stop=%s", nfree, filled, errname(werr));
	if (werr != ENOSPC) {
		snprintf(why, sizeof why, "filling the pool stopped with %s after %llu of %llu free blocks",
			 errname(werr), filled, nfree);
		goto fail;
	}
	return 0;
fail:
	res->status = ST_HARNESS;
	snprintf(res->reason, sizeof res->reason, "ENOSPC setup: %s", why);
	return -1;
}

static void pool_unfill(struct result *res)
{
	char st[512] = "";
	int e = dm_remove("wberr-fill");
	if (e == 0)
		e = dm_message("wberr-pool", "delete 2");
	if (e == 0)
		e = dm_message("wberr-pool", "delete 1");
	if (e == 0)
		e = dm_status("wberr-pool", st, sizeof st);
	if (e < 0 && res->status == ST_DONE) {
		res->status = ST_HARNESS;
		snprintf(res->reason, sizeof res->reason, "releasing the pool's space: %s", strerror(-e));
		return;
	}
	if (strstr(st, "out_of_data_space") && res->status == ST_DONE) {
		res->status = ST_HARNESS;
		snprintf(res->reason, sizeof res->reason, "the pool stayed out of data space: %s", st);
		return;
	}
	st[strcspn(st, " ")] = 0;   /* the transaction id */
	extra_add(res, "pool=released");
}

#define SYSRES(res, expr) do { long _v = (long)(expr); \
	if (_v < 0) { (res)->err = errno; (res)->ret = -errno; } else { (res)->err = 0; (res)->ret = _v; } } while (0)

static void do_step(struct run *r, const struct step *s, struct result *res)
{
	static char buf[PAGE_SZ];
	char st[MAX_PAGES + 1];
	int i = s->fd[0] ? fd_lookup(r, s->fd) : -1;
	memset(res, 0, sizeof *res);
	res->status = ST_DONE;

	switch (s->op) {
	case OP_OPEN: {
		if (i >= 0) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "fd %s is already open", s->fd);
			return;
		}
		if (r->nfds == MAX_FDS) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "more than %d fds open", MAX_FDS);
			return;
		}
		int fd = open(r->path, O_RDWR | O_CLOEXEC);
		SYSRES(res, fd);
		if (fd >= 0) {
			snprintf(r->fds[r->nfds].name, MAX_NAME, "%s", s->fd);
			r->fds[r->nfds++].fd = fd;
			res->ret = 0;
		}
		return;
	}
	case OP_CLOSE:
	case OP_WRITE:
	case OP_FSYNC:
	case OP_SYNCFS:
		if (i < 0) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "fd %s is not open", s->fd);
			return;
		}
		break;
	case OP_STAT:
	case OP_FIEMAP_SYNC:
		if (s->fd[0] && i < 0) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "fd %s is not open", s->fd);
			return;
		}
		break;
	default:
		break;
	}

	switch (s->op) {
	case OP_OPEN:
		break;
	case OP_CLOSE:
		SYSRES(res, close(r->fds[i].fd));
		r->fds[i] = r->fds[--r->nfds];
		break;
	case OP_WRITE:
		fill_page(buf, r, s->page, ++r->writes);
		SYSRES(res, pwrite(r->fds[i].fd, buf, PAGE_SZ, (off_t)s->page * PAGE_SZ));
		break;
	case OP_FSYNC:
		SYSRES(res, fsync(r->fds[i].fd));
		break;
	case OP_SYNCFS:
		SYSRES(res, syncfs(r->fds[i].fd));
		break;
	case OP_STAT: {
		struct stat sb;
		if (s->fd[0])
			SYSRES(res, fstat(r->fds[i].fd, &sb));
		else
			SYSRES(res, stat(r->path, &sb));
		break;
	}
	case OP_FIEMAP_SYNC: {
		/*
		 * The legacy non-fsync consumer, reachable on ext4: FS_IOC_FIEMAP with FIEMAP_FLAG_SYNC.
		 * ioctl_fiemap -> ext4_fiemap -> iomap_fiemap -> fiemap_prep, which for FIEMAP_FLAG_SYNC
		 * returns filemap_write_and_wait(inode->i_mapping): flush, wait, then filemap_check_errors
		 * (test-and-clear AS_ENOSPC, then AS_EIO). A nonzero return ends the ioctl with it before
		 * any extent is mapped. The mapping is the inode's, not the fd's: which fd asks does not
		 * matter, and no fd's f_wb_err is read or advanced. Without FD a temporary O_RDONLY fd is
		 * opened and closed around the ioctl (ext4 has no ->flush; open only samples wb_err).
		 * fm_extent_count = 0: count the extents, copy none.
		 */
		int fd = s->fd[0] ? r->fds[i].fd : open(r->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "open for FIEMAP: %s", strerror(errno));
			return;
		}
		struct fiemap fm;
		memset(&fm, 0, sizeof fm);
		fm.fm_start = 0;
		fm.fm_length = FIEMAP_MAX_OFFSET;
		fm.fm_flags = FIEMAP_FLAG_SYNC;
		fm.fm_extent_count = 0;
		SYSRES(res, ioctl(fd, FS_IOC_FIEMAP, &fm));
		if (res->ret == 0)
			extra_add(res, "extents=%u", fm.fm_mapped_extents);
		if (!s->fd[0] && close(fd) < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "closing the temporary FIEMAP fd: %s", strerror(errno));
		}
		break;
	}
	case OP_SYNC:
		sync();
		break;
	case OP_WRITEBACK: {
		bool nospc = !strcmp(s->outcome, "ENOSPC");
		if (nospc && !thin) {
			res->status = ST_UNSUPPORTED;
			snprintf(res->reason, sizeof res->reason,
				 "ENOSPC needs the thin pool (a disk with serial wberr-pool; run-qemu.sh adds it "
				 "when a step file has 'writeback P ENOSPC')");
			return;
		}
		if (nospc && trigger == TRIGGER_SYNC) {
			/* sync(2) also writes the file system's metadata, whose blocks the snapshot
			 * shares too: with the pool full they fail (ENOSPC) and ext4 reports them. */
			res->status = ST_UNSUPPORTED;
			snprintf(res->reason, sizeof res->reason,
				 "ENOSPC needs the page trigger: sync(2) would also write metadata into the full pool");
			return;
		}
		bool fail = !strcmp(s->outcome, "EIO");
		if (page_states(r->path, r->sc->npages, st) < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "cannot read the page state");
			return;
		}
		extra_add(res, "trigger=%s was=%c", trigger == TRIGGER_PAGE ? "page" : "sync", st[s->page]);
		if (fail) {
			int e = dm_set_error(r->sector[s->page], SECTORS_PER_PAGE);
			if (e < 0) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "arming the error table: %s", strerror(-e));
				return;
			}
			extra_add(res, "sectors=%" PRIu64 "+%d", r->sector[s->page], SECTORS_PER_PAGE);
		}
		if (nospc && pool_fill(res) < 0)
			return;
		if (trigger == TRIGGER_SYNC) {
			sync();
		} else {
			int fd = open(r->path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || sync_file_range(fd, (off_t)s->page * PAGE_SZ, PAGE_SZ, SYNC_FILE_RANGE_WRITE) < 0) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "sync_file_range: %s", strerror(errno));
			} else if (wait_page_written(r, fd, s->page, res->reason, sizeof res->reason) < 0) {
				res->status = ST_HARNESS;
			}
			if (fd >= 0)
				close(fd);
		}
		if (fail) {
			int e = dm_set_linear();
			if (e < 0 && res->status == ST_DONE) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "disarming the error table: %s", strerror(-e));
			}
		}
		if (nospc)
			pool_unfill(res);
		break;
	}
	case OP_WB_START:
	case OP_WB_END:
		res->status = ST_UNSUPPORTED;
		snprintf(res->reason, sizeof res->reason,
			 "the guest cannot hold a page under writeback between two steps");
		return;
	case OP_EVICT: {
		if (page_states(r->path, r->sc->npages, st) < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "cannot read the page state");
			return;
		}
		extra_add(res, "was=%c", st[s->page]);
		if (st[s->page] == 'd' || st[s->page] == 'w') {
			/* POSIX_FADV_DONTNEED would start writeback of a dirty page: refuse. */
			res->status = ST_PRECONDITION;
			snprintf(res->reason, sizeof res->reason, "page %d is %s in the kernel; evict drops clean pages only",
				 s->page, st[s->page] == 'd' ? "dirty" : "under writeback");
			return;
		}
		int fd = open(r->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "open for fadvise: %s", strerror(errno));
			return;
		}
		int e = posix_fadvise(fd, (off_t)s->page * PAGE_SZ, PAGE_SZ, POSIX_FADV_DONTNEED);
		close(fd);
		res->ret = -e;
		res->err = e;
		page_states(r->path, r->sc->npages, st);
		extra_add(res, "evicted=%d", st[s->page] == '-');
		break;
	}
	case OP_EVICT_INODE: {
		if (r->nfds > 0) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "fd %s is open; evict-inode needs no fd open", r->fds[0].name);
			return;
		}
		if (page_states(r->path, r->sc->npages, st) < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "cannot read the page state");
			return;
		}
		if (strchr(st, 'd') || strchr(st, 'w')) {
			res->status = ST_PRECONDITION;
			snprintf(res->reason, sizeof res->reason, "a page is dirty or under writeback (%s); evict-inode needs none", st);
			return;
		}
		/* The inode itself is dirty (mtime): a dirty inode is skipped by the inode shrinker. sync(2)
		 * cleans it; with no dirty page it writes no data of this file and reports nothing. */
		sync();
		bool ev = false;
		int tries;
		for (tries = 1; tries <= 5 && !ev; tries++) {
			int e = write_file("/proc/sys/vm/drop_caches", "3");
			res->ret = e;
			res->err = -e;
			struct trace_obs o;
			trace_collect(r->ino, &o);
			ev = o.evicted;
		}
		if (tracing)
			extra_add(res, "evicted=%d drop_caches=%d", ev, tries - 1);
		else
			extra_add(res, "evicted=unknown");
		break;
	}
	case OP_META_WRITEBACK: {
		if (!strcmp(s->outcome, "ENOSPC")) {
			res->status = ST_UNSUPPORTED;
			snprintf(res->reason, sizeof res->reason, "ENOSPC cannot be injected at the block layer");
			return;
		}
		uint64_t blk, group, bitmap;
		int fse = -1;     /* -1: fsync not run (the allocation failed first) */
		int e = scratch_alloc(r, &blk, &fse, res->reason, sizeof res->reason);
		if (e < 0 || bitmap_of(blk, &group, &bitmap, res->reason, sizeof res->reason) < 0) {
			res->status = ST_HARNESS;
			return;
		}
		r->bitmap_block = bitmap;
		/* No page-state probe of the block device here: mincore() only counts uptodate folios
		 * (bdev folios holding buffer heads are not), and faulting or reading a bdev page whose
		 * buffer lost its uptodate flag would re-read the stale block from disk. */
		extra_add(res, "group=%" PRIu64 " bitmap_block=%" PRIu64, group, bitmap);
		bool fail = !strcmp(s->outcome, "EIO");
		if (fail) {
			e = dm_set_error(bitmap * SECTORS_PER_PAGE, SECTORS_PER_PAGE);
			if (e < 0) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "arming the error table: %s", strerror(-e));
				return;
			}
			extra_add(res, "sectors=%" PRIu64 "+%d", bitmap * SECTORS_PER_PAGE, SECTORS_PER_PAGE);
		}
		sync();      /* sync_blockdev writes the dirty bitmap buffer to its home location */
		if (fail && (e = dm_set_linear()) < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "disarming the error table: %s", strerror(-e));
			return;
		}
		extra_add(res, "ext4_errors=%ld", ext4_errors());
		break;
	}
	case OP_META_MODIFY: {
		if (!r->bitmap_block) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "meta-modify needs an earlier meta-writeback");
			return;
		}
		long before = ext4_errors();
		read_sector = r->bitmap_block * SECTORS_PER_PAGE;
		uint64_t blk;
		int fse = -1;     /* -1: fsync not run (the allocation failed first) */
		int e = scratch_alloc(r, &blk, &fse, res->reason, sizeof res->reason);
		res->ret = e;
		res->err = -e;
		extra_add(res, "fsync=%s ext4_errors=%ld>%ld", fse < 0 ? "not-run" : errname(fse), before, ext4_errors());
		break;
	}
	case OP_META_EVICT: {
		if (!r->bitmap_block) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "meta-evict needs an earlier meta-writeback");
			return;
		}
		/* First a jbd2 commit (new times on the scenario file, fsync): each commit removes
		 * written-back buffers from the checkpoint list, and a buffer stays pinned by its journal
		 * head until then. Then drop clean page cache, the block device's included: a bitmap
		 * whose write failed is clean (and not uptodate), so it is freed, and the next use of
		 * the bitmap must read the disk. */
		int fd = open(r->path, O_RDWR | O_CLOEXEC);
		int fse = -1;
		if (fd >= 0) {
			futimens(fd, NULL);
			fse = fsync(fd) < 0 ? errno : 0;
			close(fd);
		}
		/* A checkpoint (EXT4_IOC_CHECKPOINT, jbd2_journal_flush) writes back and releases every
		 * buffer still held by a committed transaction's journal head. */
		int cfd = open(MNT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		uint32_t cflags = 0;
		int cp = cfd < 0 ? errno : (ioctl(cfd, EXT4_IOC_CHECKPOINT, &cflags) < 0 ? errno : 0);
		if (cfd >= 0)
			close(cfd);
		int e = write_file("/proc/sys/vm/drop_caches", "3");
		/* drop_caches does not drain the per-CPU LRU batches, whose extra page reference keeps a
		 * recently used page; POSIX_FADV_DONTNEED on the block device does (lru_add_drain_all on
		 * failure). The bitmap is clean here, so its WB_SYNC_NONE flush writes nothing. */
		int bfd = open(DM_NODE, O_RDONLY | O_CLOEXEC);
		int fa = bfd < 0 ? errno : posix_fadvise(bfd, (off_t)(r->bitmap_block * PAGE_SZ), PAGE_SZ, POSIX_FADV_DONTNEED);
		if (bfd >= 0)
			close(bfd);
		res->ret = e;
		res->err = -e;
		extra_add(res, "commit_fsync=%s checkpoint=%s fadvise=%s", fse < 0 ? "not-run" : errname(fse), errname(cp), errname(fa));
		break;
	}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* subject ext4: a model scenario of Ext4MetaWriteback on its own file system.                 */
/*
 * Each `subject ext4` scenario gets its own disk (serial wberr-sNNN: a fresh copy of an ext4
 * image WITHOUT a journal, made by build.sh), wrapped in its own switchable dm device and mounted
 * with the scenario's errors= mode. Without a journal, ext4_handle_dirty_metadata marks a bitmap
 * buffer dirty at once (no jbd2 transaction, nothing pins the buffer), and the block device's
 * own writeback (blkdev_writepage -> __block_write_full_page -> end_buffer_async_write) writes it
 * home: the path of the model's WritebackStart/WritebackEnd.
 *
 * The block "bitmap" is the block bitmap of the group of the scenario's scratch file; update k
 * is the k-th successful `modify bitmap`, which allocates one block X_k (fallocate of 4 KiB at
 * the end of the scratch file, no fsync), i.e. sets bit X_k - first block of the group.
 *   disk=   which updates' bits the bitmap block holds on the disk (O_DIRECT read of the disk
 *           itself, under dm and the page cache)
 *   memory= which updates' bits the cached block holds, read through a read-only mapping of the
 *           block device only when mincore says the page is cached and uptodate (so the read
 *           cannot make the kernel re-read the block); else unknown. The page is made uptodate
 *           during setup (a buffered read of the block while its buffer is uptodate and clean)
 *   lost=   updates k not in disk= while some later update is
 *   uptodate=, write-error=  buffer_head bits (BH_Uptodate, BH_Write_EIO): not observable from
 *           user space: always unknown
 * The fs keys: error= ext4's errors_count > 0 (/sys/fs/ext4/DEV/errors_count), rdonly= statvfs
 * ST_RDONLY, aborted= EXT4_MF_FS_ABORTED as fsync shows it (ext4_sync_file returns EROFS on a
 * read-only file system only if it was aborted), halted= no (a panicked guest prints nothing:
 * run-qemu.sh reports the panic).
 */
#define MAX_UPDATES 64
struct ext4run {
	char name[256];
	struct dmdev dev;
	char disk[64];              /* /dev/vdX, the scenario's own disk */
	char node[64];              /* its dm device node */
	char mnt[64];
	char scratch[96];
	uint64_t group, bitmap, first;   /* the scratch file's group, its bitmap block, its first block */
	uint64_t upd[MAX_UPDATES + 1];   /* upd[k]: the block update k allocated */
	int made;
	bool journal;
	bool wq;                    /* the kernel has the v2 work queue (its parameters exist) */
	int cur_n;                  /* the step being performed (1-based) */
	bool read_pending;          /* a read-bitmap was asked; the kernel does it in the next modify */
};

#define WQ_DELAY "/sys/module/ext4/parameters/wberr_wq_delay_ms"
#define WQ_KICK "/sys/module/ext4/parameters/wberr_wq_kick"

/* Pages under writeback, system-wide (/proc/meminfo Writeback:, kB). */
static long writeback_kb(void)
{
	char b[4096];
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, b, sizeof b - 1);
	close(fd);
	if (n <= 0)
		return -1;
	b[n] = 0;
	char *p = strstr(b, "\nWriteback:");
	return p ? strtol(p + 11, NULL, 10) : -1;
}

static long errors_count_of(const struct ext4run *x)
{
	char p[128], v[32] = "";
	snprintf(p, sizeof p, "/sys/fs/ext4/dm-%u/errors_count", x->dev.min);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, v, sizeof v - 1);
	close(fd);
	return n > 0 ? strtol(v, NULL, 10) : -1;
}

static bool rdonly_of(const struct ext4run *x)
{
	struct statvfs sv;
	return statvfs(x->mnt, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

static int alloc_block_of(const char *path, uint64_t off, uint64_t *blk)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[8];
	} fmb;
	memset(&fmb, 0, sizeof fmb);
	fmb.fm.fm_start = off;
	fmb.fm.fm_length = PAGE_SZ;
	fmb.fm.fm_extent_count = 8;
	int r = ioctl(fd, FS_IOC_FIEMAP, &fmb.fm) < 0 ? -errno : 0;
	close(fd);
	if (r < 0)
		return r;
	if (fmb.fm.fm_mapped_extents == 0)
		return -ENODATA;
	struct fiemap_extent *e = &fmb.ext[0];
	*blk = (e->fe_physical + (off - e->fe_logical)) / PAGE_SZ;
	return 0;
}

/* "{1,3}": the updates whose bits are set in the bitmap block `b`. */
static void updates_in(const struct ext4run *x, const unsigned char *b, char *out, size_t outlen)
{
	size_t n = (size_t)snprintf(out, outlen, "{");
	bool first = true;
	for (int k = 1; k <= x->made; k++) {
		uint64_t bit = x->upd[k] - x->first;
		if (x->upd[k] < x->first || bit >= PAGE_SZ * 8)
			continue;
		if (b[bit / 8] & (1u << (bit % 8))) {
			n += (size_t)snprintf(out + n, outlen - n, "%s%d", first ? "" : ",", k);
			first = false;
		}
	}
	snprintf(out + n, outlen - n, "}");
}

static void lost_of(const struct ext4run *x, const unsigned char *b, char *out, size_t outlen)
{
	bool in[MAX_UPDATES + 1];
	for (int k = 1; k <= x->made; k++) {
		uint64_t bit = x->upd[k] - x->first;
		in[k] = x->upd[k] >= x->first && bit < PAGE_SZ * 8 && (b[bit / 8] & (1u << (bit % 8)));
	}
	size_t n = (size_t)snprintf(out, outlen, "{");
	bool first = true;
	for (int k = 1; k <= x->made; k++) {
		bool later = false;
		for (int j = k + 1; j <= x->made; j++)
			later |= in[j];
		if (!in[k] && later) {
			n += (size_t)snprintf(out + n, outlen - n, "%s%d", first ? "" : ",", k);
			first = false;
		}
	}
	snprintf(out + n, outlen - n, "}");
}

/* The cached copy of the bitmap block, if the page is cached and uptodate (else false). */
static bool cached_block(const struct ext4run *x, unsigned char *out, char *pflag)
{
	*pflag = '-';
	int fd = open(x->node, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	unsigned char *m = mmap(NULL, PAGE_SZ, PROT_READ, MAP_SHARED, fd, (off_t)(x->bitmap * PAGE_SZ));
	close(fd);
	if (m == MAP_FAILED)
		return false;
	madvise(m, PAGE_SZ, MADV_RANDOM);
	unsigned char vec = 0;
	bool ok = mincore(m, PAGE_SZ, &vec) == 0 && (vec & 1);
	if (ok) {
		memcpy(out, m, PAGE_SZ);   /* the page is uptodate: the fault maps it, reads nothing */
		uint64_t ent = 0, flags = 0;
		uint64_t vpn = (uintptr_t)m / PAGE_SZ;
		*pflag = '?';
		if (pagemap_fd >= 0 && pread(pagemap_fd, &ent, 8, (off_t)(vpn * 8)) == 8 && (ent >> 63) &&
		    kpageflags_fd >= 0 &&
		    pread(kpageflags_fd, &flags, 8, (off_t)((ent & ((1ULL << 55) - 1)) * 8)) == 8)
			*pflag = flags & (1ULL << KPF_WRITEBACK) ? 'w' : flags & (1ULL << KPF_DIRTY) ? 'd' :
				 flags & (1ULL << KPF_ERROR) ? 'e' : 'c';
	}
	munmap(m, PAGE_SZ);
	return ok;
}

static int ext4_setup(struct ext4run *x, const struct scenario *sc, int index, char *why, size_t whylen)
{
	char serial[32];
	dev_t ddev;
	uint64_t sectors;
	snprintf(serial, sizeof serial, "wberr-s%03d", index);
	if (find_disk(serial, x->disk, sizeof x->disk, &ddev, &sectors) < 0) {
		snprintf(why, whylen, "no disk with serial %s (run-qemu.sh adds one per 'subject ext4' file)", serial);
		return -1;
	}
	snprintf(x->dev.name, sizeof x->dev.name, "wberr-m%03d", index);
	snprintf(x->node, sizeof x->node, "/dev/%s", x->dev.name);
	char params[64];
	dev_t dev;
	snprintf(params, sizeof params, "%u:%u 0", major(ddev), minor(ddev));
	int e = dm_create(x->dev.name, "linear", sectors, params, x->node, &dev);
	if (e < 0) {
		snprintf(why, whylen, "dm device over %s: %s", x->disk, strerror(-e));
		return -1;
	}
	x->dev.maj = major(dev);
	x->dev.min = minor(dev);
	x->dev.base_maj = major(ddev);
	x->dev.base_min = minor(ddev);
	x->dev.sectors = sectors;
	static unsigned char b[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	if ((e = disk_read_at(x->disk, 0, b)) < 0) {
		snprintf(why, whylen, "reading the superblock of %s: %s", x->disk, strerror(-e));
		return -1;
	}
	x->journal = le32(b + 1024 + 0x5C) & 0x4;   /* s_feature_compat & HAS_JOURNAL */
	snprintf(x->mnt, sizeof x->mnt, "/m%03d", index);
	mkdir(x->mnt, 0755);
	char opts[64];
	/* with a journal: no timed commits (commit=3600): the scenario's `commit` steps commit */
	snprintf(opts, sizeof opts, "errors=%s%s", sc->errors[0] ? sc->errors : "continue", x->journal ? ",commit=3600" : "");
	if (mount(x->node, x->mnt, "ext4", 0, opts) < 0) {
		snprintf(why, whylen, "mount %s (%s): %s", x->node, opts, strerror(errno));
		return -1;
	}
	/* the scratch file with one block (update 0, before the story), all of it on disk */
	snprintf(x->scratch, sizeof x->scratch, "%s/scratch", x->mnt);
	int fd = open(x->scratch, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0 || fallocate(fd, 0, 0, PAGE_SZ) < 0 || fsync(fd) < 0 || syncfs(fd) < 0) {
		snprintf(why, whylen, "scratch file: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	uint64_t b0;
	if ((e = alloc_block_of(x->scratch, 0, &b0)) < 0) {
		snprintf(why, whylen, "FIEMAP of the scratch file: %s", strerror(-e));
		return -1;
	}
	if (bitmap_of_at(x->disk, b0, &x->group, &x->bitmap, why, whylen) < 0)
		return -1;
	x->first = group_first_block;
	x->upd[0] = b0;
	/* Make the bitmap's block-device page uptodate while its buffer is uptodate and clean
	 * (block_read_full_folio reads nothing then), so that `expect bitmap memory=` can read it
	 * later without any risk of a read from disk. No readahead (POSIX_FADV_RANDOM). */
	fd = open(x->node, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "open %s: %s", x->node, strerror(errno));
		return -1;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	if (pread(fd, b, PAGE_SZ, (off_t)(x->bitmap * PAGE_SZ)) != PAGE_SZ) {
		snprintf(why, whylen, "priming the bitmap's page: %s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	/* v2-workqueue: hold the work back until run-workqueue (an unscheduled kworker) */
	struct stat st;
	x->wq = stat(WQ_DELAY, &st) == 0;
	if (x->wq)
		write_file(WQ_DELAY, "3600000");
	return 0;
}

static void ext4_step(struct ext4run *x, const struct scenario *sc, const struct step *s, struct result *res,
		      struct trace_obs *o)
{
	static unsigned char b[PAGE_SZ] __attribute__((aligned(PAGE_SZ)));
	memset(res, 0, sizeof *res);
	res->status = ST_DONE;
	trace_clear();
	switch (s->op) {
	case OP_MODIFY: {
		long before = errors_count_of(x);
		if (x->made == MAX_UPDATES) {
			res->status = ST_INVALID;
			snprintf(res->reason, sizeof res->reason, "more than %d updates", MAX_UPDATES);
			return;
		}
		x->read_pending = false;
		int fd = open(x->scratch, O_RDWR | O_CLOEXEC);
		struct stat st;
		if (fd < 0) {
			res->err = errno;
			res->ret = -errno;
		} else {
			fstat(fd, &st);
			SYSRES(res, fallocate(fd, 0, st.st_size, PAGE_SZ));
			close(fd);
		}
		trace_collect(0, o);
		if (res->ret == 0) {
			uint64_t blk = 0;
			int e = alloc_block_of(x->scratch, (uint64_t)st.st_size, &blk);
			if (e < 0) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "FIEMAP of the new block: %s", strerror(-e));
				return;
			}
			x->upd[++x->made] = blk;
			extra_add(res, "update=%d alloc=%" PRIu64 "%s", x->made, blk,
				  blk >= x->first && blk - x->first < PAGE_SZ * 8 ? "" : " other_group=1");
		}
		extra_add(res, "bitmap_reads=%d bitmap_writes=%d ext4_errors=%ld>%ld rdonly=%d", o->reads, o->writes,
			  before, errors_count_of(x), rdonly_of(x));
		return;
	}
	case OP_COMMIT:
		if (x->journal) {
			/* the running transaction holds the scratch file's changes: fsync of the
			 * scratch file commits it (jbd2_complete_transaction); no data pages exist
			 * (fallocate'd blocks are unwritten), so nothing else is written */
			long before = errors_count_of(x);
			int fd = open(x->scratch, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				SYSRES(res, fd);
			} else {
				SYSRES(res, fsync(fd));
				close(fd);
			}
			trace_collect(0, o);
			extra_add(res, "journal=commit bitmap_writes=%d ext4_errors=%ld>%ld rdonly=%d", o->writes, before,
				  errors_count_of(x), rdonly_of(x));
			return;
		}
		extra_add(res, "journal=none");
		return;
	case OP_META_WRITEBACK: {
		if (!strcmp(s->outcome, "ENOSPC")) {
			res->status = ST_UNSUPPORTED;
			snprintf(res->reason, sizeof res->reason, "ENOSPC is not injected into metadata writes");
			return;
		}
		bool fail = !strcmp(s->outcome, "EIO");
		long before = errors_count_of(x);
		dmc = &x->dev;
		if (fail) {
			int e = dm_set_error(x->bitmap * SECTORS_PER_PAGE, SECTORS_PER_PAGE);
			if (e < 0) {
				dmc = &dm_main;
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "arming the error table: %s", strerror(-e));
				return;
			}
			extra_add(res, "sectors=%" PRIu64 "+%d", x->bitmap * SECTORS_PER_PAGE, SECTORS_PER_PAGE);
		}
		/* WB_SYNC_NONE writeback of exactly the bitmap's page of the block device: the
		 * block device's writepage (block_write_full_page, or v2's ext4_bdev_write_page)
		 * submits it if it is dirty; nothing is waited on or reported to anyone. */
		int fd = open(x->node, O_RDONLY | O_CLOEXEC);
		int e = fd < 0 ? -errno : sync_file_range(fd, (off_t)(x->bitmap * PAGE_SZ), PAGE_SZ, SYNC_FILE_RANGE_WRITE) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
		int i;
		for (i = 0; i < 20000 && e == 0; i++) {   /* wait for the completion of the write */
			trace_collect(0, o);
			if (o->writes == 0 || o->bio_done > 0)
				break;
			sleep_us(1000);
		}
		sleep_us(2000);      /* end_buffer_async_write runs right after the completion event */
		trace_collect(0, o);
		int d = fail ? dm_set_linear() : 0;
		dmc = &dm_main;
		if (e < 0 || d < 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "%s: %s", e < 0 ? "sync_file_range" : "disarming",
				 strerror(-(e < 0 ? e : d)));
			return;
		}
		extra_add(res, "bitmap_writes=%d bio_status=%d", o->writes, o->bio_err);
		if (o->writes == 0) {
			res->status = ST_PRECONDITION;
			snprintf(res->reason, sizeof res->reason, "the bitmap block was not dirty: nothing was written");
			return;
		}
		if (o->bio_done == 0) {
			res->status = ST_HARNESS;
			snprintf(res->reason, sizeof res->reason, "the bitmap's write did not complete within 20 s");
			return;
		}
		extra_add(res, "ext4_errors=%ld>%ld rdonly=%d", before, errors_count_of(x), rdonly_of(x));
		return;
	}
	case OP_RUN_WQ: {
		if (!x->wq) {
			res->status = ST_UNSUPPORTED;
			snprintf(res->reason, sizeof res->reason, "this kernel has no ext4 write-error work queue (v2-workqueue only)");
			return;
		}
		long before = errors_count_of(x);
		int e = write_file(WQ_KICK, "1");   /* runs the held work now and waits for it */
		trace_collect(0, o);
		res->ret = e;
		res->err = -e;
		extra_add(res, "ext4_errors=%ld>%ld rdonly=%d", before, errors_count_of(x), rdonly_of(x));
		return;
	}
	case OP_READ_BITMAP:
		x->read_pending = true;
		res->status = ST_INTERNAL;
		snprintf(res->reason, sizeof res->reason,
			 "no system call reads a block bitmap without changing it: the kernel's read happens inside the "
			 "next modify (ext4_mb_mark_diskspace_used: ext4_read_block_bitmap, then get_write_access, then the "
			 "change); that step's bitmap_reads= shows whether it re-read the disk");
		return;
	case OP_CHECK_BDEV:
	case OP_ERROR_ERR:
		res->status = ST_INTERNAL;
		snprintf(res->reason, sizeof res->reason,
			 "ext4_check_bdev_write_error and its ext4_error_err run inside every ext4_journal_get_write_access "
			 "(the next modify); a second writer between them is a race no system call can schedule");
		return;
	case OP_MWB_START:
	case OP_MWB_END:
		res->status = ST_UNSUPPORTED;
		snprintf(res->reason, sizeof res->reason, "the guest cannot hold a metadata write in flight between two steps");
		return;
	case OP_EXPECT:
		if (!strcmp(s->block, "fs")) {
			long n = errors_count_of(x);
			bool ro = rdonly_of(x);
			bool aborted = false;
			kmsg_forward(x->name, x->cur_n);   /* read the log now: its lines come before the step's */
			if (ro) {
				int fd = open(x->scratch, O_RDONLY | O_CLOEXEC);
				aborted = fd >= 0 && fsync(fd) < 0 && errno == EROFS;
				if (fd >= 0)
					close(fd);
			}
			bool logged = x->dev.min < 256 && aborted_dm[x->dev.min];
			extra_add(res, "error=%s rdonly=%s aborted=%s halted=no errors_count=%ld aborted_by=%s",
				  n > 0 ? "yes" : "no", ro ? "yes" : "no", aborted || logged ? "yes" : "no", n,
				  aborted ? "fsync-erofs" : logged ? "kmsg" : "none");
		} else {
			char disk[256], mem[256], lost[256];
			int e = disk_read_at(x->disk, x->bitmap * PAGE_SZ, b);
			if (e < 0) {
				res->status = ST_HARNESS;
				snprintf(res->reason, sizeof res->reason, "reading the bitmap from the disk: %s", strerror(-e));
				return;
			}
			updates_in(x, b, disk, sizeof disk);
			lost_of(x, b, lost, sizeof lost);
			char pf;
			if (cached_block(x, b, &pf) && !x->read_pending)
				updates_in(x, b, mem, sizeof mem);
			else
				snprintf(mem, sizeof mem, "unknown");
			if (x->read_pending)
				extra_add(res, "memory_note=read-pending");
			extra_add(res, "memory=%s disk=%s lost=%s uptodate=unknown write-error=unknown dirty=%s page=%c made=%d",
				  mem, disk, lost, pf == 'd' ? "yes" : pf == 'c' || pf == 'e' ? "no" : "unknown", pf, x->made);
		}
		trace_collect(0, o);
		return;
	default:
		res->status = ST_INVALID;
		snprintf(res->reason, sizeof res->reason, "'%s' is not a step of subject ext4", op_names[s->op]);
		return;
	}
	(void)sc;
}


/* The end line of a scenario whose setup failed: nothing of it ran. */
static bool end_harness_error(const char *name, const char *why)
{
	line_start("end");
	line_add("scenario=%s status=harness-error", name);
	line_addq("reason", why);
	line_end();
	return false;
}

static bool run_ext4_scenario(struct scenario *sc, int index, const char *name)
{
	static struct ext4run x;
	char why[512];
	memset(&x, 0, sizeof x);
	snprintf(x.name, sizeof x.name, "%s", name);
	int64_t t0 = now_us(CLOCK_MONOTONIC);
	int setup = ext4_setup(&x, sc, index, why, sizeof why);
	line_start("begin");
	line_add("scenario=%s", name);
	if (sc->variant[0])
		line_add("variant=%s", sc->variant);
	line_add("subject=ext4 errors=%s steps=%d", sc->errors[0] ? sc->errors : "continue", sc->nsteps);
	if (setup == 0)
		line_add("disk=%s dm=%u:%u journal=%d group=%" PRIu64 " bitmap_block=%" PRIu64 " group_first=%" PRIu64
			 " base_alloc=%" PRIu64 " wq=%d", x.disk, x.dev.maj, x.dev.min, x.journal, x.group, x.bitmap,
			 x.first, x.upd[0], x.wq);
	line_add("setup_us=%" PRId64, now_us(CLOCK_MONOTONIC) - t0);
	line_end();
	kmsg_forward(name, -1);
	if (setup < 0)
		return end_harness_error(name, why);
	bio_maj = x.dev.maj;
	bio_min = x.dev.min;
	read_sector = x.bitmap * SECTORS_PER_PAGE;
	if (tracing) {
		write_file(TRACE_BIO_EVENT, "1");
		write_file(TRACE_BIO_DONE_EVENT, "1");
	}
	int done = 0;
	enum status last = ST_DONE;
	for (int k = 0; k < sc->nsteps; k++) {
		const struct step *s = &sc->steps[k];
		struct result res;
		struct trace_obs o;
		line_start("doing");
		line_add("scenario=%s n=%d line=%d op=%s", name, k + 1, s->line, op_names[s->op]);
		line_end();
		int64_t ts = now_us(CLOCK_MONOTONIC);
		memset(&o, 0, sizeof o);
		x.cur_n = k + 1;
		ext4_step(&x, sc, s, &res, &o);
		int64_t us = now_us(CLOCK_MONOTONIC) - ts;
		line_start("step");
		line_add("scenario=%s n=%d line=%d op=%s", name, k + 1, s->line, op_names[s->op]);
		if (s->block[0])
			line_add("block=%s", s->block);
		if (s->outcome[0])
			line_add("outcome=%s", s->outcome);
		line_add("status=%s", status_names[res.status]);
		if (res.status == ST_DONE && s->op != OP_EXPECT)
			line_add("ret=%ld errno=%s", res.ret, errname(res.err));
		else if (res.status != ST_DONE)
			line_addq("reason", res.reason);
		if (s->expect[0])
			line_add("expect=%s", s->expect);
		if (s->op == OP_EXPECT)
			line_addq("asked", s->keys);
		if (res.extra[0])
			line_add("%s", res.extra);
		if (o.other[0])
			line_add("bdev_wb_err_prev=%s", o.other);
		line_add("us=%" PRId64, us);
		line_end();
		kmsg_forward(name, k + 1);
		if (res.status != ST_DONE && res.status != ST_INTERNAL) {
			last = res.status;
			break;
		}
		done++;
	}
	/* The end: write home every other dirty block of the file system (the inode table block with
	 * the scratch file's extents, the group descriptors: the block device's writeback of every
	 * page but the bitmap's), so that e2fsck sees which blocks the scratch file owns; the bitmap
	 * block keeps what the story wrote. Then freeze the disk (every sector fails from now on):
	 * the final sync at power-off writes nothing more to it. */
	int fd = open(x.node, O_RDONLY | O_CLOEXEC);
	int fe = fd < 0 ? errno : 0;
	if (fd >= 0) {
		if (x.bitmap > 0 && sync_file_range(fd, 0, (off_t)(x.bitmap * PAGE_SZ), SYNC_FILE_RANGE_WRITE) < 0)
			fe = errno;
		if (sync_file_range(fd, (off_t)((x.bitmap + 1) * PAGE_SZ), 0, SYNC_FILE_RANGE_WRITE) < 0)
			fe = errno;
		close(fd);
		for (int i = 0; i < 10000 && writeback_kb() > 0; i++)
			sleep_us(1000);
	}
	dmc = &x.dev;
	int fz = dm_set_error(0, x.dev.sectors);
	dmc = &dm_main;
	if (tracing) {
		write_file(TRACE_BIO_EVENT, "0");
		write_file(TRACE_BIO_DONE_EVENT, "0");
	}
	bio_maj = bio_min = 0;
	read_sector = UINT64_MAX;
	kmsg_forward(name, -1);
	line_start("end");
	line_add("scenario=%s status=%s steps_done=%d", name, last == ST_DONE ? "complete" : "stopped", done);
	if (last != ST_DONE)
		line_add("stopped_by=%s", status_names[last]);
	line_add("end_flush=%s disk=%s made=%d updates=", errname(fe), fz == 0 ? "frozen" : "not-frozen", x.made);
	for (int k = 1; k <= x.made; k++)
		linelen += (size_t)snprintf(linebuf + linelen, sizeof linebuf - linelen, "%s%d:%" PRIu64, k > 1 ? "," : "", k, x.upd[k]);
	line_add("bitmap_block=%" PRIu64 " group_first=%" PRIu64 " fs=ok us=%" PRId64, x.bitmap, x.first,
		 now_us(CLOCK_MONOTONIC) - t0);
	line_end();
	return last == ST_DONE;
}

/* Returns true when every step was performed. */
static bool run_scenario(struct scenario *sc, int index, const char *name)
{
	struct run r;
	char why[512];
	memset(&r, 0, sizeof r);
	r.sc = sc;
	r.index = index;
	int64_t t0 = now_us(CLOCK_MONOTONIC);

	if (sc->subject == SUBJ_EXT4) {
		kmsg_forward(name, -1);
		return run_ext4_scenario(sc, index, name);
	}
	trace_clear();
	if (fs_broken) {
		line_start("begin");
		line_add("scenario=%s", name);
		line_end();
		line_start("end");
		line_add("scenario=%s status=skipped", name);
		line_addq("reason", fs_broken_why);
		line_end();
		return false;
	}
	int sbr = sb_err_reset();
	int setup = prepare_file(&r, why, sizeof why);
	char st[MAX_PAGES + 1];
	if (setup == 0)
		page_states(r.path, sc->npages, st);
	line_start("begin");
	line_add("scenario=%s", name);
	if (sc->variant[0])
		line_add("variant=%s", sc->variant);
	line_add("steps=%d pages=%d file=%s ino=%lu", sc->nsteps, sc->npages, r.path, r.ino);
	if (setup == 0) {
		line_add("sectors=");
		for (int p = 0; p < sc->npages; p++)
			linelen += (size_t)snprintf(linebuf + linelen, sizeof linebuf - linelen, "%s%" PRIu64, p ? "," : "", r.sector[p]);
		line_add("state=%s", st);
	}
	line_add("sb_err_reset=%s setup_us=%" PRId64, errname(-sbr), now_us(CLOCK_MONOTONIC) - t0);
	line_end();
	kmsg_forward(name, -1);
	if (setup < 0)
		return end_harness_error(name, why);

	int done = 0;
	enum status last = ST_DONE;
	for (int k = 0; k < sc->nsteps; k++) {
		const struct step *s = &sc->steps[k];
		struct result res;
		bool meta = s->op == OP_META_WRITEBACK || s->op == OP_META_MODIFY || s->op == OP_META_EVICT;
		if (meta && tracing)
			write_file(TRACE_BIO_EVENT, "1");
		line_start("doing");
		line_add("scenario=%s n=%d line=%d op=%s", name, k + 1, s->line, op_names[s->op]);
		line_end();
		trace_clear();
		int64_t ts = now_us(CLOCK_MONOTONIC);
		do_step(&r, s, &res);
		int64_t us = now_us(CLOCK_MONOTONIC) - ts;
		struct trace_obs o;
		trace_collect(r.ino, &o);
		if (meta && tracing)
			write_file(TRACE_BIO_EVENT, "0");
		page_states(r.path, sc->npages, st);
		line_start("step");
		line_add("scenario=%s n=%d line=%d op=%s", name, k + 1, s->line, op_names[s->op]);
		if (s->fd[0])
			line_add("fd=%s", s->fd);
		if (s->page >= 0)
			line_add("page=%d", s->page);
		if (s->outcome[0])
			line_add("outcome=%s", s->outcome);
		line_add("status=%s", status_names[res.status]);
		if (res.status == ST_DONE)
			line_add("ret=%ld errno=%s", res.ret, errname(res.err));
		else
			line_addq("reason", res.reason);
		if (s->expect[0])
			line_add("expect=%s", s->expect);
		if (res.extra[0])
			line_add("%s", res.extra);
		line_add("pages=%s", st);
		if (o.wb_err[0])
			line_add("wb_err_prev=%s", o.wb_err);
		if (o.cursor[0])
			line_add("cursor=%s", o.cursor);
		if (meta && o.other[0])
			line_add("other_wb_err_prev=%s", o.other);
		if (s->op == OP_META_MODIFY && tracing)
			line_add("bitmap_reads=%d", o.reads);
		line_add("us=%" PRId64, us);
		line_end();
		kmsg_forward(name, k + 1);
		last = res.status;
		if (res.status != ST_DONE)
			break;
		done++;
	}

	/* Reset for the next scenario. */
	char closed[256] = "";
	for (int i = 0; i < r.nfds; i++) {
		close(r.fds[i].fd);
		size_t n = strlen(closed);
		snprintf(closed + n, sizeof closed - n, "%s%s", n ? "," : "", r.fds[i].name);
	}
	r.nfds = 0;
	if (dm_armed && dm_set_linear() < 0) {
		fs_broken = true;
		snprintf(fs_broken_why, sizeof fs_broken_why, "the dm table could not be reset to linear after %s", name);
	}
	if (!fs_broken && !fs_writable(why, sizeof why)) {
		fs_broken = true;
		snprintf(fs_broken_why, sizeof fs_broken_why, "after %s: %s", name, why);
	}
	kmsg_forward(name, -1);
	line_start("end");
	line_add("scenario=%s status=%s steps_done=%d", name, last == ST_DONE ? "complete" : "stopped", done);
	if (last != ST_DONE)
		line_add("stopped_by=%s", status_names[last]);
	if (closed[0])
		line_add("closed=%s", closed);
	line_add("fs=%s us=%" PRId64, fs_broken ? "broken" : "ok", now_us(CLOCK_MONOTONIC) - t0);
	line_end();
	return last == ST_DONE;
}

/* ------------------------------------------------------------------------------------------ */

static int only_steps(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 6 && !strcmp(d->d_name + n - 6, ".steps");
}

int main(int argc, char **argv)
{
	const char *dir = "/scenarios";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--trigger=page"))
			trigger = TRIGGER_PAGE;
		else if (!strcmp(argv[i], "--trigger=sync"))
			trigger = TRIGGER_SYNC;
		else if (argv[i][0] != '-')
			dir = argv[i];
		else {
			char why[256];
			snprintf(why, sizeof why, "unknown option %s (expected --trigger=page|sync, DIR)", argv[i]);
			fatal_line(why);
			return 2;
		}
	}
	int64_t boot_us = now_us(CLOCK_BOOTTIME);
	int64_t t0 = now_us(CLOCK_MONOTONIC);
	char why[512];

	/* Keep the kernel off the console (results must not be interleaved with printk output); its
	 * messages are forwarded as kmsg lines instead. */
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1);
	kmsg_setup();
	/* No writeback unless a step asks for it. */
	write_file("/proc/sys/vm/dirty_writeback_centisecs", "0");
	write_file("/proc/sys/vm/dirty_expire_centisecs", "360000");
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	kpageflags_fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	tracing_setup();

	if (dm_setup(why, sizeof why) < 0) {
		fatal_line(why);
		kmsg_forward(NULL, -1);
		return 3;
	}
	mkdir(MNT, 0755);
	if (mount(DM_NODE, MNT, "ext4", 0, MOUNT_OPTS) < 0) {
		snprintf(why, sizeof why, "mount %s on %s: %s", DM_NODE, MNT, strerror(errno));
		fatal_line(why);
		kmsg_forward(NULL, -1);
		return 3;
	}

	struct dirent **ents;
	int n = scandir(dir, &ents, only_steps, alphasort);
	if (n < 0) {
		snprintf(why, sizeof why, "cannot list %s: %s", dir, strerror(errno));
		fatal_line(why);
		return 3;
	}
	struct utsname u;
	uname(&u);
	line_start("hello");
	line_add("protocol=%d", PROTOCOL_VERSION);
	line_add("kernel=%s", u.release);
	line_addq("kernel_version", u.version);
	line_add("fs=ext4 disk_sectors=%" PRIu64 " mount=%s trigger=%s tracing=%d pageflags=%d scenarios=%d",
		 disk_sectors, MOUNT_OPTS, trigger == TRIGGER_PAGE ? "page" : "sync", tracing,
		 pagemap_fd >= 0 && kpageflags_fd >= 0, n);
	line_add("stack=%s wq=%d", thin ? "thin" : "linear", access("/sys/module/ext4/parameters/wberr_wq_kick", F_OK) == 0);
	line_add("boot_us=%" PRId64, boot_us);
	line_end();
	kmsg_forward(NULL, -1);

	static struct scenario sc;
	int complete = 0;
	for (int i = 0; i < n; i++) {
		char name[256];
		snprintf(name, sizeof name, "%s", ents[i]->d_name);
		name[strlen(name) - 6] = 0;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
		memset(&sc, 0, sizeof sc);
		if (parse_scenario(path, &sc, why, sizeof why) < 0) {
			line_start("begin");
			line_add("scenario=%s", name);
			line_end();
			line_start("end");
			line_add("scenario=%s status=invalid", name);
			line_addq("reason", why);
			line_end();
			free(ents[i]);
			continue;
		}
		snprintf(sc.name, sizeof sc.name, "%s", name);
		if (run_scenario(&sc, i + 1, name))
			complete++;
		free(ents[i]);
	}
	free(ents);

	if (umount(MNT) < 0) {
		snprintf(why, sizeof why, "umount %s: %s", MNT, strerror(errno));
		line_start("note");
		line_addq("text", why);
		line_end();
	}
	kmsg_forward(NULL, -1);
	line_start("done");
	line_add("scenarios=%d complete=%d us=%" PRId64 " boot_us=%" PRId64, n, complete, now_us(CLOCK_MONOTONIC) - t0, now_us(CLOCK_BOOTTIME));
	line_end();
	return 0;
}
