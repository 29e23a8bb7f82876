/*
 * mapi32: the spooler's delivery and non-delivery reports
 *
 * Copyright 2026 the wine-mapi authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "spooler.h"

WINE_DEFAULT_DEBUG_CHANNEL(spooler);

enum original_prop
{
    OP_CLASS, OP_SUBJECT, OP_SUBMIT_TIME, OP_DISPLAY_TO, OP_DISPLAY_CC, OP_DISPLAY_BCC, OP_ENTRYID, OP_SEARCH_KEY,
    OP_TOPIC, OP_INDEX, OP_REPORT_TAG, OP_SENDER_NAME, OP_SENDER_ENTRYID, OP_NDR_REQUESTED, OP_DR_REQUESTED,
    OP_COUNT
};

/* Whether an entry reports a delivery: it has PR_DELIVER_TIME and no non-delivery code. */
static BOOL entry_is_delivery(const ADRENTRY *entry)
{
    return PpropFindProp(entry->rgPropVals, entry->cValues, PR_DELIVER_TIME)
            && !PpropFindProp(entry->rgPropVals, entry->cValues, PR_NDR_REASON_CODE)
            && !PpropFindProp(entry->rgPropVals, entry->cValues, PR_NDR_DIAG_CODE);
}

/* The report's recipients: the entries of one kind without the values
 * that belong to the original message's table, with the report values
 * they lack. */
static HRESULT report_recipients(const ADRLIST *list, BOOL delivery, const FILETIME *now, ADRLIST **out)
{
    ULONG i, j, n, count = 0;
    SPropValue *values;
    ADRLIST *recips;
    HRESULT hr;

    for (i = 0; i < list->cEntries; i++)
        if (!entry_is_delivery(&list->aEntries[i]) == !delivery) count++;
    if ((hr = MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&recips))) return hr;
    recips->cEntries = 0;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];

        if (!entry_is_delivery(entry) != !delivery) continue;
        if ((hr = MAPIAllocateBuffer((entry->cValues + 4) * sizeof(SPropValue), (void **)&values))) break;
        for (j = n = 0; j < entry->cValues; j++)
        {
            ULONG tag = entry->rgPropVals[j].ulPropTag;

            if (PROP_TYPE(tag) == PT_ERROR || tag == PR_ROWID || tag == PR_INSTANCE_KEY || tag == PR_RESPONSIBILITY)
                continue;
            values[n++] = entry->rgPropVals[j];
        }
        if (!PpropFindProp(values, n, PR_RECIPIENT_TYPE))
        {
            values[n].ulPropTag = PR_RECIPIENT_TYPE;
            values[n++].Value.l = MAPI_TO;
        }
        if (!PpropFindProp(values, n, PR_REPORT_TIME))
        {
            values[n].ulPropTag = PR_REPORT_TIME;
            values[n++].Value.ft = *now;
        }
        if (!delivery && !PpropFindProp(values, n, PR_NDR_REASON_CODE))
        {
            values[n].ulPropTag = PR_NDR_REASON_CODE;
            values[n++].Value.l = MAPI_REASON_TRANSFER_FAILED;
        }
        if (!delivery && !PpropFindProp(values, n, PR_NDR_DIAG_CODE))
        {
            values[n].ulPropTag = PR_NDR_DIAG_CODE;
            values[n++].Value.l = MAPI_DIAG_NO_DIAGNOSTIC;
        }
        recips->aEntries[recips->cEntries].ulReserved1 = 0;
        recips->aEntries[recips->cEntries].cValues = n;
        recips->aEntries[recips->cEntries++].rgPropVals = values;
    }
    if (FAILED(hr))
    {
        FreePadrlist(recips);
        return hr;
    }
    *out = recips;
    return S_OK;
}

/* An original's value under another tag, when it has one; returns how many values it wrote. */
static ULONG report_copy(SPropValue *dst, ULONG tag, const SPropValue *src)
{
    if (PROP_TYPE(src->ulPropTag) == PT_ERROR) return 0;
    *dst = *src;
    dst->ulPropTag = tag;
    return 1;
}

/* The report message's own values. */
static ULONG report_props(const SPropValue *original, BOOL delivery, const char *cls, const char *title,
        char *subject, const FILETIME *now, SPropValue *props)
{
    static const char ndr_text[] = "Your message did not reach some or all of the intended recipients.";
    static const char dr_text[] = "Your message was delivered to the recipients listed below.";
    ULONG n = 0;

    props[n].ulPropTag = PR_MESSAGE_CLASS_A;
    props[n++].Value.lpszA = (char *)cls;
    props[n].ulPropTag = PR_SUBJECT_A;
    props[n++].Value.lpszA = subject;
    props[n].ulPropTag = PR_REPORT_TEXT_A;
    props[n++].Value.lpszA = (char *)(delivery ? dr_text : ndr_text);
    props[n].ulPropTag = PR_REPORT_TIME;
    props[n++].Value.ft = *now;
    props[n].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    props[n++].Value.ft = *now;
    props[n].ulPropTag = PR_SENDER_NAME_A;
    props[n++].Value.lpszA = (char *)"System Administrator";
    props[n].ulPropTag = PR_ORIGINAL_SUBJECT_A;
    props[n++].Value.lpszA = (char *)title;
    n += report_copy(&props[n], PR_ORIGINAL_SUBMIT_TIME, &original[OP_SUBMIT_TIME]);
    n += report_copy(&props[n], PR_ORIGINAL_DISPLAY_TO_A, &original[OP_DISPLAY_TO]);
    n += report_copy(&props[n], PR_ORIGINAL_DISPLAY_CC_A, &original[OP_DISPLAY_CC]);
    n += report_copy(&props[n], PR_ORIGINAL_DISPLAY_BCC_A, &original[OP_DISPLAY_BCC]);
    n += report_copy(&props[n], PR_ORIGINAL_ENTRYID, &original[OP_ENTRYID]);
    n += report_copy(&props[n], PR_ORIGINAL_SEARCH_KEY, &original[OP_SEARCH_KEY]);
    n += report_copy(&props[n], PR_ORIGINAL_SENDER_NAME_A, &original[OP_SENDER_NAME]);
    n += report_copy(&props[n], PR_ORIGINAL_SENDER_ENTRYID, &original[OP_SENDER_ENTRYID]);
    n += report_copy(&props[n], PR_CONVERSATION_INDEX, &original[OP_INDEX]);
    n += report_copy(&props[n], PR_REPORT_TAG, &original[OP_REPORT_TAG]);
    if (!report_copy(&props[n], PR_CONVERSATION_TOPIC_A, &original[OP_TOPIC]))
    {
        props[n].ulPropTag = PR_CONVERSATION_TOPIC_A;
        props[n].Value.lpszA = (char *)title;
    }
    return n + 1;
}

/* Creates one report message in the store's receive folder for its class,
 * saves it and announces it. */
static HRESULT report_create(struct spooler *spooler, const SPropValue *original, const ADRLIST *list, BOOL delivery)
{
    const char *kind = delivery ? "DR" : "NDR", *prefix = delivery ? "Delivered: " : "Undeliverable: ";
    const char *base = original[OP_CLASS].ulPropTag == PR_MESSAGE_CLASS_A ? original[OP_CLASS].Value.lpszA : "IPM.Note";
    const char *title = original[OP_SUBJECT].ulPropTag == PR_SUBJECT_A ? original[OP_SUBJECT].Value.lpszA : "";
    IMAPIFolder *folder = NULL;
    IMessage *report = NULL;
    ADRLIST *recips = NULL;
    ENTRYID *folder_eid = NULL;
    SPropValue props[24];
    char *cls, *subject, *explicit_class = NULL;
    SYSTEMTIME st;
    FILETIME now;
    ULONG cb = 0, type = 0, count;
    HRESULT hr;

    GetSystemTime(&st);
    SystemTimeToFileTime(&st, &now);
    cls = mapi_heap_alloc(strlen(base) + 16);
    subject = mapi_heap_alloc(strlen(title) + strlen(prefix) + 1);
    if (!cls || !subject)
    {
        mapi_heap_free(cls);
        mapi_heap_free(subject);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    sprintf(cls, "REPORT.%s.%s", base, kind);
    sprintf(subject, "%s%s", prefix, title);

    SPOOLER_STORE_CALL(spooler, hr, IMsgStore_GetReceiveFolder(spooler->store, cls, 0, &cb, &folder_eid,
            &explicit_class));
    if (SUCCEEDED(hr))
        SPOOLER_STORE_CALL(spooler, hr, IMsgStore_OpenEntry(spooler->store, cb, folder_eid, NULL, MAPI_MODIFY, &type,
                (IUnknown **)&folder));
    if (SUCCEEDED(hr) && type != MAPI_FOLDER) hr = MAPI_E_INVALID_ENTRYID;
    if (SUCCEEDED(hr)) SPOOLER_STORE_CALL(spooler, hr, IMAPIFolder_CreateMessage(folder, NULL, 0, &report));
    if (SUCCEEDED(hr))
    {
        count = report_props(original, delivery, cls, title, subject, &now, props);
        SPOOLER_STORE_CALL(spooler, hr, IMessage_SetProps(report, count, props, NULL));
    }
    if (SUCCEEDED(hr)) hr = report_recipients(list, delivery, &now, &recips);
    if (SUCCEEDED(hr)) SPOOLER_STORE_CALL(spooler, hr, IMessage_ModifyRecipients(report, MODRECIP_ADD, recips));
    if (SUCCEEDED(hr)) SPOOLER_STORE_CALL(spooler, hr, IMessage_SaveChanges(report, KEEP_OPEN_READONLY));
    if (SUCCEEDED(hr) && FAILED(spooler_notify_new_mail(spooler, report)))
        WARN("the new report was not announced.\n");
    if (SUCCEEDED(hr)) TRACE("%s \"%s\" made.\n", cls, debugstr_a(subject));

    FreePadrlist(recips);
    spooler_store_release(spooler, report);
    spooler_store_release(spooler, folder);
    MAPIFreeBuffer(folder_eid);
    MAPIFreeBuffer(explicit_class);
    mapi_heap_free(cls);
    mapi_heap_free(subject);
    return hr;
}

HRESULT spooler_report_recipients(struct spooler *spooler, IMessage *message, ADRLIST *list)
{
    static const SizedSPropTagArray(OP_COUNT, tags) =
    {
        OP_COUNT,
        {
            PR_MESSAGE_CLASS_A, PR_SUBJECT_A, PR_CLIENT_SUBMIT_TIME, PR_DISPLAY_TO_A, PR_DISPLAY_CC_A,
            PR_DISPLAY_BCC_A, PR_ENTRYID, PR_SEARCH_KEY, PR_CONVERSATION_TOPIC_A, PR_CONVERSATION_INDEX,
            PR_REPORT_TAG, PR_SENDER_NAME_A, PR_SENDER_ENTRYID, PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED,
            PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED,
        }
    };
    SPropValue *original = NULL;
    ULONG i, count = 0, ndrs = 0, drs = 0;
    BOOL want_ndr, want_dr;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", spooler, message, list);

    if (!message || !list) return MAPI_E_INVALID_PARAMETER;
    if (!spooler->store) return MAPI_E_NOT_INITIALIZED;
    for (i = 0; i < list->cEntries; i++)
    {
        if (list->aEntries[i].cValues && !list->aEntries[i].rgPropVals) return MAPI_E_INVALID_PARAMETER;
        if (entry_is_delivery(&list->aEntries[i])) drs++;
        else ndrs++;
    }
    SPOOLER_STORE_CALL(spooler, hr, IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &original));
    if (FAILED(hr))
    {
        WARN("the original message cannot be read, hr %#lx.\n", hr);
        return hr;
    }
    /* Non-delivery reports unless refused, delivery reports only when asked for. */
    want_ndr = original[OP_NDR_REQUESTED].ulPropTag != PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED
            || original[OP_NDR_REQUESTED].Value.b;
    want_dr = original[OP_DR_REQUESTED].ulPropTag == PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED
            && original[OP_DR_REQUESTED].Value.b;
    hr = S_OK;
    if (ndrs && want_ndr) hr = report_create(spooler, original, list, FALSE);
    if (SUCCEEDED(hr) && drs && want_dr) hr = report_create(spooler, original, list, TRUE);
    MAPIFreeBuffer(original);
    if (FAILED(hr)) return hr;
    /* The list is ours only now. */
    FreePadrlist(list);
    return S_OK;
}
