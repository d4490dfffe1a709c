/*
 * cowrap's stand-in for QEMU's qemu/osdep.h (written for cowrap's runtime tests, not taken
 * from QEMU): the C library, the annotation macros, the marks, and the block-layer types the
 * generated code and the test headers name.
 *
 * COWRAP_QEMU_VERSION (502, 601, 602, 800, 801, 802, 900) selects the dialect; the API that
 * a dialect does not have is left undeclared so that generated code using it fails to build.
 */
#ifndef COWRAP_RT_OSDEP_H
#define COWRAP_RT_OSDEP_H

#ifndef COWRAP_QEMU_VERSION
#error "compile with -DCOWRAP_QEMU_VERSION=NNN"
#endif

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define coroutine_fn
#define coroutine_mixed_fn
#define no_coroutine_fn
#define GRAPH_RDLOCK
#define GRAPH_WRLOCK
#define GRAPH_UNLOCKED

#define generated_co_wrapper
#define co_wrapper
#define co_wrapper_mixed
#define co_wrapper_bdrv_rdlock
#define co_wrapper_mixed_bdrv_rdlock
#define no_co_wrapper
#define no_co_wrapper_bdrv_rdlock
#define no_co_wrapper_bdrv_wrlock

/* Every object has a name, so the log can say which one a call got. */
typedef struct AioContext {
    const char *name;
} AioContext;

typedef struct BlockDriverState {
    const char *name;
    AioContext *ctx;
} BlockDriverState;

typedef struct BdrvChild {
    const char *name;
    BlockDriverState *bs;
} BdrvChild;

typedef struct BlockBackend {
    const char *name;
    BlockDriverState *root;
    AioContext *ctx;
} BlockBackend;

typedef struct QDict {
    const char *name;
} QDict;

typedef enum {
    BDRV_REQ_NONE = 0,
    BDRV_REQ_FUA = 0x10,
} BdrvRequestFlags;

typedef void CoroutineEntry(void *opaque);
typedef void QEMUBHFunc(void *opaque);
typedef struct Coroutine Coroutine;

/* The log every stand-in call appends to: "event; event; ...". */
void rt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
