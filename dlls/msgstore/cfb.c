/*
 * The local message store: checking a compound file before ole32 reads it
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A .msg file is a compound file ([MS-CFB]).  ole32 trusts the structure
 * it reads: a sector chain or a directory tree that loops (what a file cut
 * short or overwritten by chance easily holds) keeps it reading forever.
 * So every message file is checked first: the header, the FAT as the
 * DIFAT lists it, every sector chain the directory and the mini stream
 * use, and the directory tree, each within the file and free of cycles.
 */

#include "msgstore.h"

WINE_DEFAULT_DEBUG_CHANNEL(msgstore);

#define MAXREGSECT      0xfffffffa
#define ENDOFCHAIN      0xfffffffe
#define FREESECT        0xffffffff
#define NOSTREAM        0xffffffff
#define HEADER_SIZE     512
#define DIR_ENTRY_SIZE  128
#define HEADER_DIFAT    109

struct cfb
{
    const BYTE *data;
    SIZE_T size;
    ULONG sector_size;
    ULONG sectors;              /* whole or partial sectors after the header */
    ULONG *fat;                 /* heap */
    ULONG fat_count;
    BYTE *seen;                 /* heap, one byte per sector or mini sector */
};

static ULONG read_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static const BYTE *sector_data(const struct cfb *cfb, ULONG sector)
{
    SIZE_T offset = (SIZE_T)(sector + 1) * cfb->sector_size;

    if (sector >= cfb->sectors || offset + cfb->sector_size > cfb->size) return NULL;
    return cfb->data + offset;
}

/* Follows a chain of the FAT (or of next, a mini FAT) from start: every
 * link in range, no sector twice.  *length is how many sectors it has. */
static BOOL chain_check(const ULONG *next, ULONG count, ULONG limit, ULONG start, BYTE *seen, ULONG *length)
{
    ULONG sector = start, n = 0;

    memset(seen, 0, limit);
    while (sector != ENDOFCHAIN)
    {
        if (sector >= limit || sector >= count || seen[sector]) return FALSE;
        seen[sector] = 1;
        n++;
        sector = next[sector];
    }
    *length = n;
    return TRUE;
}

/* The FAT, from the sectors the header's DIFAT and the DIFAT chain list. */
static BOOL fat_read(struct cfb *cfb, const BYTE *header)
{
    ULONG fat_sectors = read_ulong(header + 0x2c), difat = read_ulong(header + 0x44);
    ULONG difat_sectors = read_ulong(header + 0x48), per_sector = cfb->sector_size / 4, i, n = 0, sector;
    const BYTE *p;

    if (!fat_sectors || fat_sectors > cfb->sectors) return FALSE;
    cfb->fat_count = fat_sectors * per_sector;
    if (!(cfb->fat = HeapAlloc(GetProcessHeap(), 0, cfb->fat_count * sizeof(ULONG)))) return FALSE;
    for (i = 0; i < HEADER_DIFAT && n < fat_sectors; i++, n++)
    {
        if (!(p = sector_data(cfb, read_ulong(header + 0x4c + i * 4)))) return FALSE;
        memcpy(cfb->fat + n * per_sector, p, cfb->sector_size);
    }
    /* The DIFAT chain: each sector lists FAT sectors and ends with the next one. */
    while (n < fat_sectors)
    {
        if (!difat_sectors-- || !(p = sector_data(cfb, difat))) return FALSE;
        for (i = 0; i < per_sector - 1 && n < fat_sectors; i++, n++)
        {
            sector = read_ulong(p + i * 4);
            if (!sector_data(cfb, sector)) return FALSE;
            memcpy(cfb->fat + n * per_sector, cfb->data + (SIZE_T)(sector + 1) * cfb->sector_size, cfb->sector_size);
        }
        difat = read_ulong(p + cfb->sector_size - 4);
    }
    return TRUE;
}

/* Copies a chain's sectors into one buffer (heap). */
static BYTE *chain_read(struct cfb *cfb, ULONG start, ULONG length)
{
    BYTE *out = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)max(length, 1) * cfb->sector_size);
    ULONG sector = start, i;
    const BYTE *p;

    if (!out) return NULL;
    for (i = 0; i < length; i++, sector = cfb->fat[sector])
    {
        if (!(p = sector_data(cfb, sector)))
        {
            HeapFree(GetProcessHeap(), 0, out);
            return NULL;
        }
        memcpy(out + (SIZE_T)i * cfb->sector_size, p, cfb->sector_size);
    }
    return out;
}

struct dir_check
{
    const BYTE *entries;
    ULONG count;
    BYTE *visited;
    ULONG *stack;               /* heap, count entries */
};

/* The directory tree under the root: indexes in range, no entry reached twice. */
static BOOL tree_check(struct dir_check *dir)
{
    ULONG top = 0, index, links[3], i;
    const BYTE *entry;

    dir->stack[top++] = 0;
    while (top)
    {
        index = dir->stack[--top];
        if (index >= dir->count || dir->visited[index]) return FALSE;
        dir->visited[index] = 1;
        entry = dir->entries + (SIZE_T)index * DIR_ENTRY_SIZE;
        if ((entry[0x40] | (entry[0x41] << 8)) > 64 || (entry[0x40] & 1)) return FALSE;
        if (entry[0x42] != 1 && entry[0x42] != 2 && entry[0x42] != 5) return FALSE;
        if ((index == 0) != (entry[0x42] == 5)) return FALSE;
        links[0] = read_ulong(entry + 0x44);
        links[1] = read_ulong(entry + 0x48);
        links[2] = read_ulong(entry + 0x4c);
        if (index == 0 && (links[0] != NOSTREAM || links[1] != NOSTREAM)) return FALSE;
        for (i = 0; i < 3; i++)
        {
            if (links[i] == NOSTREAM) continue;
            if (top >= dir->count) return FALSE;
            dir->stack[top++] = links[i];
        }
    }
    return TRUE;
}

/* Each stream's data: its chain in the FAT, or in the mini FAT within the mini stream. */
static BOOL streams_check(struct cfb *cfb, const struct dir_check *dir, const ULONG *minifat, ULONG minifat_count,
        ULONG mini_sectors, ULONG cutoff)
{
    ULONG i, start, length;
    ULONGLONG size;
    const BYTE *entry;

    for (i = 1; i < dir->count; i++)
    {
        if (!dir->visited[i]) continue;
        entry = dir->entries + (SIZE_T)i * DIR_ENTRY_SIZE;
        if (entry[0x42] != 2) continue;
        start = read_ulong(entry + 0x74);
        size = read_ulong(entry + 0x78) | ((ULONGLONG)(cfb->sector_size == 512 ? 0 : read_ulong(entry + 0x7c)) << 32);
        if (!size) continue;
        if (size < cutoff)
        {
            if (!chain_check(minifat, minifat_count, mini_sectors, start, cfb->seen, &length)) return FALSE;
            if ((ULONGLONG)length * 64 < size) return FALSE;
        }
        else
        {
            if (!chain_check(cfb->fat, cfb->fat_count, cfb->sectors, start, cfb->seen, &length)) return FALSE;
            if ((ULONGLONG)length * cfb->sector_size < size) return FALSE;
        }
    }
    return TRUE;
}

static BOOL cfb_check_structure(struct cfb *cfb)
{
    static const BYTE signature[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
    const BYTE *header = cfb->data;
    ULONG shift, dir_length, minifat_length = 0, mini_length = 0, cutoff;
    struct dir_check dir = {0};
    BYTE *dir_data = NULL, *minifat_data = NULL;
    ULONGLONG root_size;
    BOOL ret = FALSE;

    if (cfb->size < HEADER_SIZE || memcmp(header, signature, 8)) return FALSE;
    shift = header[0x1e] | (header[0x1f] << 8);
    if ((shift != 9 && shift != 12) || header[0x1c] != 0xfe || header[0x1d] != 0xff) return FALSE;
    if ((header[0x20] | (header[0x21] << 8)) != 6) return FALSE;
    cfb->sector_size = 1u << shift;
    if (cfb->size < cfb->sector_size * 2) return FALSE;
    cfb->sectors = (cfb->size - cfb->sector_size + cfb->sector_size - 1) / cfb->sector_size;
    if (!(cfb->seen = HeapAlloc(GetProcessHeap(), 0, max(cfb->sectors, (cfb->size >> 6) + 1)))) return FALSE;
    if (!fat_read(cfb, header)) return FALSE;

    /* The directory. */
    if (!chain_check(cfb->fat, cfb->fat_count, cfb->sectors, read_ulong(header + 0x30), cfb->seen, &dir_length)
            || !dir_length || !(dir_data = chain_read(cfb, read_ulong(header + 0x30), dir_length)))
        goto done;
    dir.entries = dir_data;
    dir.count = dir_length * (cfb->sector_size / DIR_ENTRY_SIZE);
    if (!(dir.visited = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, dir.count))
            || !(dir.stack = HeapAlloc(GetProcessHeap(), 0, dir.count * sizeof(ULONG))) || !tree_check(&dir))
        goto done;

    /* The mini FAT and the mini stream (the root entry's data). */
    cutoff = read_ulong(header + 0x38);
    if (cutoff != 4096) goto done;
    if (read_ulong(header + 0x3c) != ENDOFCHAIN)
    {
        if (!chain_check(cfb->fat, cfb->fat_count, cfb->sectors, read_ulong(header + 0x3c), cfb->seen,
                &minifat_length) || !(minifat_data = chain_read(cfb, read_ulong(header + 0x3c), minifat_length)))
            goto done;
    }
    root_size = read_ulong(dir_data + 0x78);
    if (root_size && !chain_check(cfb->fat, cfb->fat_count, cfb->sectors, read_ulong(dir_data + 0x74), cfb->seen,
            &mini_length))
        goto done;
    if ((ULONGLONG)mini_length * cfb->sector_size < root_size) goto done;
    ret = streams_check(cfb, &dir, (const ULONG *)minifat_data, minifat_length * (cfb->sector_size / 4),
            (ULONG)(root_size / 64), cutoff);

done:
    HeapFree(GetProcessHeap(), 0, dir.visited);
    HeapFree(GetProcessHeap(), 0, dir.stack);
    HeapFree(GetProcessHeap(), 0, dir_data);
    HeapFree(GetProcessHeap(), 0, minifat_data);
    return ret;
}

BOOL cfb_check(const BYTE *data, SIZE_T size)
{
    struct cfb cfb = {data, size};
    BOOL ret = cfb_check_structure(&cfb);

    HeapFree(GetProcessHeap(), 0, cfb.fat);
    HeapFree(GetProcessHeap(), 0, cfb.seen);
    return ret;
}
