// Two glibc calls the tests' process spawner needs that Swift's Glibc module hides behind
// _GNU_SOURCE / __USE_MISC: closing every inherited descriptor in a posix_spawn child
// (glibc 2.34+) and a pipe created close-on-exec atomically. Declared here with glibc's own
// prototypes (redeclaring an identical prototype is valid C), so the module map does not depend
// on how the system headers were first built.
#ifndef ROSTER_CSPAWN_SHIM_H
#define ROSTER_CSPAWN_SHIM_H
#include <spawn.h>

extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int pipe2(int descriptors[2], int flags);

/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor >= from.
static inline int roster_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/// pipe2(descriptors, flags), e.g. with O_CLOEXEC.
static inline int roster_pipe2(int descriptors[2], int flags) {
    return pipe2(descriptors, flags);
}
#endif
