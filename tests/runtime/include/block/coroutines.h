/*
 * cowrap's stand-in for QEMU's block/coroutines.h: brings in the marked prototypes of the
 * test (wrappers.h, written by run.sh for the dialect under test) and the coroutine API.
 */
#ifndef COWRAP_RT_COROUTINES_H
#define COWRAP_RT_COROUTINES_H

#include "qemu/osdep.h"

Coroutine *qemu_coroutine_create(CoroutineEntry *entry, void *opaque);
Coroutine *qemu_coroutine_self(void);
void qemu_coroutine_yield(void);
bool qemu_in_coroutine(void);

#include "wrappers.h"

#endif
