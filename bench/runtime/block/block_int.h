/*
 * Stand-in for QEMU's block/block_int.h: like QEMU's, it includes every marked
 * header, here through the synthetic tree's umbrella header bench/all.h.
 */
#include "bench-runtime.h"
#include "bench/all.h"
