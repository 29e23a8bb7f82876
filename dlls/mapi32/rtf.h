/*
 * mapi32: definitions shared by the compressed-RTF codec and RTFSync
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __MAPI32_RTF_H
#define __MAPI32_RTF_H

#include "private.h"

/* A growing byte array; failed records that an allocation failed. */
struct byte_buffer
{
    BYTE *data;
    SIZE_T size;
    SIZE_T capacity;
    BOOL failed;
};

/* rtf.c */
BOOL byte_buffer_reserve(struct byte_buffer *buffer, SIZE_T extra);
void byte_buffer_append(struct byte_buffer *buffer, const void *data, SIZE_T size);
/* Appends what is left of a stream to buffer. */
HRESULT read_whole_stream(IStream *stream, struct byte_buffer *buffer);
/* The CRC-32 of [MS-OXRTFCP], which RTFSync uses too. */
ULONG rtf_crc(ULONG crc, const BYTE *data, SIZE_T size);
/* PR_RTF_COMPRESSED to raw RTF and back, in heap buffers. */
HRESULT compressed_rtf_decode(const BYTE *data, SIZE_T size, BYTE **out, ULONG *out_size);
HRESULT compressed_rtf_encode(const BYTE *raw, ULONG raw_size, BOOL uncompressed, BYTE **out, ULONG *out_size);

/* rtfsync.c: RTF that encapsulates plain text or HTML replaced by what it
 * carries (MAPI_NATIVE_BODY). */
HRESULT rtf_native_body(BYTE **data, ULONG *size);

#endif /* __MAPI32_RTF_H */
