/* balprobe: the built-in profiles' table (profile/builtin-data.c), ended
 * by a row with a NULL name.  Read it through profile/profile.h. */
#ifndef BALPROBE_BUILTIN_DATA_H
#define BALPROBE_BUILTIN_DATA_H

#include "profile/profile.h"

extern const struct bp_profile_builtin bp_profile_builtins[];

#endif
