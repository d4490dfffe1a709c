/* Stand-in for QEMU's qemu/osdep.h (cowrap benchmark). */
#include "bench-runtime.h"
