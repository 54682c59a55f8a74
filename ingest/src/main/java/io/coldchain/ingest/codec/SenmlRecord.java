package io.coldchain.ingest.codec;

import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;

/**
 * The fields of one SenML record while its object is being streamed; reused across records.
 * Problems are ranked like {@link ReadingDraft}'s so the one reported does not depend on field
 * order: name, then time, then unit, then value.
 */
final class SenmlRecord {
    // Field bits, for duplicate detection and for telling base-only records apart.
    static final int BN = 0;
    static final int BT = 1;
    static final int BU = 2;
    static final int BV = 3;
    static final int BS = 4;
    static final int BVER = 5;
    static final int N = 6;
    static final int U = 7;
    static final int V = 8;
    static final int VS = 9;
    static final int VB = 10;
    static final int VD = 11;
    static final int S = 12;
    static final int T = 13;
    static final int UT = 14;
    private static final int BASE_MASK = (1 << (BVER + 1)) - 1;

    static final int RANK_NAME = 0;
    static final int RANK_TIME = 1;
    static final int RANK_UNIT = 2;
    static final int RANK_VALUE = 3;
    private static final int NO_PROBLEM = Integer.MAX_VALUE;

    int index;
    long start;
    private int seen;

    String bn;
    final DecimalSeconds bt = new DecimalSeconds();
    boolean btOutOfRange;
    String bu;
    double bv;

    String n;
    String u;
    double v;
    Boolean vb;
    final DecimalSeconds t = new DecimalSeconds();
    boolean tOutOfRange;

    private int problemRank;
    private RejectReason problemReason;
    private String problemLabel;
    private String problemDetail;

    void reset(int index, long start) {
        this.index = index;
        this.start = start;
        seen = 0;
        bn = null;
        bt.clear();
        btOutOfRange = false;
        bu = null;
        bv = 0;
        n = null;
        u = null;
        v = 0;
        vb = null;
        t.clear();
        tOutOfRange = false;
        problemRank = NO_PROBLEM;
        problemReason = null;
        problemLabel = null;
        problemDetail = null;
    }

    /** Marks a field as present (with a non-null value); false if it already was. */
    boolean markSeen(int field) {
        int bit = 1 << field;
        boolean first = (seen & bit) == 0;
        seen |= bit;
        return first;
    }

    boolean has(int field) {
        return (seen & (1 << field)) != 0;
    }

    /**
     * A record with base fields and nothing else ({@code {"bn": "truck-017-p1/", "bt": ...}}) only
     * sets context for the records after it. RFC 8428 wants a value in every record, but such
     * header records are common in the wild and carry no measurement that could be lost.
     */
    boolean baseOnly() {
        return seen != 0 && (seen & ~BASE_MASK) == 0;
    }

    /** True if any value field other than the given one is present. */
    boolean hasOtherValueThan(int field) {
        int values = (1 << V) | (1 << VS) | (1 << VB) | (1 << VD);
        return (seen & values & ~(1 << field)) != 0;
    }

    void problem(int rank, RejectReason reason, String label, String detail) {
        if (rank < problemRank) {
            problemRank = rank;
            problemReason = reason;
            problemLabel = label;
            problemDetail = detail;
        }
    }

    boolean hasProblem() {
        return problemReason != null;
    }

    /** The kept problem, naming the exact field, e.g. {@code records[5].u}. */
    Rejection rejection() {
        String field = "records[" + index + "]" + (problemLabel == null ? "" : "." + problemLabel);
        return new Rejection(problemReason, field, problemDetail);
    }
}
