/* cowrap's stand-in for QEMU's block/dirty-bitmap.h: only qemu-8.0 and later include it. */
#ifndef COWRAP_RT_DIRTY_BITMAP_H
#define COWRAP_RT_DIRTY_BITMAP_H

#if COWRAP_QEMU_VERSION < 800
#error "block/dirty-bitmap.h is included before qemu-8.0"
#endif

#endif
