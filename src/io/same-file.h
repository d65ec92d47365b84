/* balprobe: refusing an output that would destroy an input or another
 * output (`--json take.wav take.wav`, `--json X --report X`, a --json
 * inside the --save directory under a name --save writes). */
#ifndef BALPROBE_SAME_FILE_H
#define BALPROBE_SAME_FILE_H

/* A path and what it is to the run ("the recording", "the --json file"). */
struct bp_role_path {
	const char *role;
	const char *path;     /* NULL: not in this run */
};

/* 0 when each of the @n_out outputs names a file that neither another
 * output nor any of the @n_in inputs names; else BP_E_FILE_WRITE with a
 * detail sentence naming both roles (or BP_E_NOMEM).  Two names are the
 * same file when they have the same device and inode; where the output
 * does not exist yet, when their directories resolve (realpath) to the
 * same one and their last components are equal.  Devices, FIFOs and the
 * like are not compared: writing /dev/null twice destroys nothing. */
int bp_refuse_same_file(const struct bp_role_path *out, int n_out,
			const struct bp_role_path *in, int n_in);

#endif
