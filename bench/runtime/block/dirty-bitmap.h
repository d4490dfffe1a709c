/* Stand-in for QEMU's block/dirty-bitmap.h (cowrap benchmark). */
#include "bench-runtime.h"
