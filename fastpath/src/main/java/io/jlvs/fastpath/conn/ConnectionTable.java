package io.jlvs.fastpath.conn;

import io.jlvs.fastpath.packet.Ipv4;
import io.jlvs.fastpath.packet.Tcp;
import io.jlvs.model.ForwardMethod;
import io.jlvs.sched.DestinationLoad;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * One worker core's connection table: IPVS's connection entries (ip_vs_conn) with their TCP state
 * machine, timeouts and real-server counts, kept off-heap and touched by that core only.
 *
 * <h2>Memory layout</h2>
 * Hand-written over MemorySegments (not objects) because it is the hottest structure of the fast path
 * and must hold millions of entries without the garbage collector seeing them.
 *
 * <p><b>Entries</b>: an array of {@value #ENTRY_BYTES}-byte records; a handle is the record's index.
 * <pre>
 * offset size field
 *  0     4    client address            (IN key, OUT key)
 *  4     4    virtual address           (IN key)
 *  8     4    destination address       (OUT key)
 *  12    4    client port << 16 | virtual port (IN key; client port is in the OUT key)
 *  16    2    destination port          (OUT key)
 *  18    1    protocol (6, 17; 0 = free entry)
 *  19    1    state (TcpState; 0 for UDP)
 *  20    1    forwarding method
 *  21    1    flags: INACTIVE, NO_OUTPUT; other bits free for later (template link, FTP seq-delta)
 *  22    2    reserved
 *  24    4    destination id (DestinationLoad row)
 *  28    4    deadline: low 32 bits of the expiry time in ms (compared with wrap-around arithmetic)
 *  ---        (bytes 0..31: everything a packet of an existing connection reads or writes)
 *  32    4    service id
 *  36    4    timer-wheel list: next entry (or next free entry while the record is free); -1 = end
 *  40    4    timer-wheel list: previous entry, or -(list + 1) when first in list {@code list}
 *  44    4    link: an int the owner attaches to the entry (persistence template + 1, 0 = none);
 *             handed to the {@link RemovalListener} when the entry goes
 * </pre>
 * Records are 48 bytes, so they start at 0, 48, 32 or 16 modulo a 64-byte cache line; keeping the
 * per-packet fields in the first 32 bytes puts them in one line for three records in four.
 *
 * <p><b>Indexes</b>: two open-addressing hash indexes with linear probing, IN (protocol, client, VIP)
 * and OUT (protocol, real server, client; NAT entries only). A slot is one int: 0 = empty, else
 * {@code tag << indexBits | (entry + 1)}, where the tag is hash bits not used to pick the bucket, so
 * a probe reads an entry only when its tag matches. Each index has a power-of-two number of slots and
 * the table holds at most 3/4 of that many entries (load factor 0.75 when full), so per connection the
 * indexes cost 2 x 4 B x 4/3 = 10.7 B; with the entry that is 58.7 B per connection, plus a fixed
 * {@value #WHEEL_SLOTS}-slot timer wheel. {@link #bytesPerConnection()} reports the whole off-heap
 * size divided by the capacity. Entries and indexes of big tables live in 2 MiB pages when the kernel
 * grants them ({@link LargePages}): lookups touch random places, and 4 KiB pages would add a TLB miss
 * to most of them.
 *
 * <p><b>Deletion</b> uses backward-shift deletion (no tombstones): after emptying a slot, later slots
 * of the same probe run move back when their home bucket allows it. Probe runs therefore only ever
 * reflect live entries, and lookups stay O(1) under any amount of churn.
 *
 * <h2>Expiry</h2>
 * A hashed timer wheel of {@value #WHEEL_SLOTS} slots of {@value #TICK_MS} ms, each a doubly linked list
 * threaded through the entries. A packet only writes the new deadline; the entry stays filed where it
 * is as long as its deadline moves later (the usual case). When the wheel reaches a slot, it re-files
 * entries whose deadline is still ahead and removes the rest (lazy re-arm). Only a move to an earlier
 * deadline (a state with a shorter timeout, e.g. ESTABLISHED -> FIN_WAIT) re-files at once, in O(1).
 * An entry is removed by an {@link #expire} call whose {@code now} is at or past its deadline, at the
 * latest by the first call at or past the deadline rounded up to a tick: never before its timeout, at
 * most {@value #TICK_MS} ms after. Deadlines beyond one lap of the wheel (409.6 s, e.g. ESTABLISHED's
 * 900 s) cost one or two extra visits.
 *
 * <h2>Threading and errors</h2>
 * Single writer: only the owning core calls anything but the constructor. The hot methods allocate
 * nothing and throw nothing; a handle must come from a lookup or insert since the entry last expired.
 */
public final class ConnectionTable implements AutoCloseable {

    public static final int NOT_FOUND = -1;
    public static final int TABLE_FULL = -2;

    // Entry record.
    public static final int ENTRY_BYTES = 48;
    static final long CLIENT_ADDR_OFFSET = 0;
    static final long VIRT_ADDR_OFFSET = 4;
    static final long DEST_ADDR_OFFSET = 8;
    static final long CLIENT_VIRT_PORTS_OFFSET = 12;
    static final long DEST_PORT_OFFSET = 16;
    static final long PROTOCOL_OFFSET = 18;
    static final long STATE_OFFSET = 19;
    static final long FORWARD_OFFSET = 20;
    static final long FLAGS_OFFSET = 21;
    static final long DEST_ID_OFFSET = 24;
    static final long DEADLINE_OFFSET = 28;
    static final long SERVICE_ID_OFFSET = 32;
    static final long TIMER_NEXT_OFFSET = 36;
    static final long TIMER_PREV_OFFSET = 40;
    static final long LINK_OFFSET = 44;

    /**
     * Told when an entry with a non-zero {@link #link} leaves the table (expiry or {@link #expireNow}),
     * so the owner can release what the link stands for (e.g. a persistence template). Called on the
     * owner core, inside {@code expire}/{@code expireNow}, after the entry left the indexes; must not
     * call back into the table.
     */
    @FunctionalInterface
    public interface RemovalListener {
        void removed(int handle, int link);
    }

    /**
     * Told about the sync record of an entry with a non-zero {@link #link}, on the owner core: what the
     * link stands for travels with it (an FTP session's sequence deltas, the persistence template).
     * Must not call back into the table; must not allocate.
     */
    public interface SyncExportListener {
        /** Before the entry's record is published: may add to slot {@code slot} of {@code ring}. */
        void fill(SyncRecordRing ring, long slot, int link);

        /** After the entry's record was published: may send records of its own to {@code ring}. */
        void exported(SyncRecordRing ring, int link);
    }

    /** Entry flag: counted as inactive at its real server (IPVS's IP_VS_CONN_F_INACTIVE). */
    static final int FLAG_INACTIVE = 0x01;
    /** Entry flag: no reply seen yet on a DR/TUN entry, so the input-only table applies (IP_VS_CONN_F_NOOUTPUT). */
    static final int FLAG_NO_OUTPUT = 0x02;

    public static final int TICK_MS = 100;
    public static final int WHEEL_SLOTS = 4096;
    private static final int WHEEL_MASK = WHEEL_SLOTS - 1;
    /** List id of the entries taken off a wheel slot and not yet looked at (expire may stop half way). */
    private static final int PENDING_LIST = WHEEL_SLOTS;
    private static final int NIL = -1;

    private static final int SLOT_BYTES = 4;
    private static final int MIN_INDEX_SLOTS = 16;
    private static final int MAX_INDEX_SLOTS = 1 << 30;

    // IPVS's transition tables (ip_vs_proto_tcp.c tcp_states), rows by flag (syn, fin, ack, rst),
    // columns by current state (NONE ES SS SR FW TW CL CW LA LI SA).
    private static final int NO = TcpState.NONE, ES = TcpState.ESTABLISHED, SS = TcpState.SYN_SENT,
        SR = TcpState.SYN_RECV, FW = TcpState.FIN_WAIT, TW = TcpState.TIME_WAIT, CL = TcpState.CLOSE,
        CW = TcpState.CLOSE_WAIT, LA = TcpState.LAST_ACK, LI = TcpState.LISTEN, SA = TcpState.SYNACK;
    private static final int TABLE_IN = 0, TABLE_OUT = 1, TABLE_INPUT_ONLY = 2;
    private static final int ROW_SYN = 0, ROW_FIN = 1, ROW_ACK = 2, ROW_RST = 3;
    private static final byte[] TRANSITIONS = transitions(new int[][] {
        // IN
        {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
        {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
        // OUT
        {SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR},
        {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
        {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
        {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
        // INPUT-ONLY
        {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
        {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
        {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
        {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
    });

    private final int core;
    private final DestinationLoad load;
    private final Arena arena;
    private final MemorySegment entries;
    private final MemorySegment inIndex;
    private final MemorySegment outIndex;
    private final MemorySegment wheel;
    private final int capacity;
    private final int indexMask;
    private final int entryMask;
    private final long seed;

    private final int[] tcpTimeoutMs = new int[TcpState.COUNT];
    /** SYN_RECV's timeout as configured, before {@link #capEmbryonicTimeout} shortens it. */
    private int configuredSynRecvMs;
    /** secure_tcp's cap on SYN_RECV's timeout (0: none). */
    private int embryonicCapMs;
    private int udpTimeoutMs;
    /** drop_entry: asked for room when the table is full (null: a full table refuses). */
    private EmbryonicEviction eviction;

    private int size;
    private final long entriesAddress;
    private final long inAddress;
    private final long outAddress;
    /** Entries at or above this index have never been used; below it, free ones are on the free list. */
    private int highWater;
    private int freeHead = NIL;

    private RemovalListener removalListener;
    /** Where new connections and state changes go for the sync daemon (null: not synced). */
    private SyncRecordRing syncExport;
    /** Per entry re-sync marks, made when sync is first connected. */
    private SyncPacer syncPacer;
    private SyncExportListener syncExportListener;
    private long syncExportLost;
    private static final java.lang.invoke.VarHandle SYNC_EXPORT_LOST;

    static {
        try {
            SYNC_EXPORT_LOST = java.lang.invoke.MethodHandles.lookup()
                .findVarHandle(ConnectionTable.class, "syncExportLost", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private boolean wheelStarted;
    /** Next wheel tick to take off its slot; tick t covers times up to t * TICK_MS. */
    private long cursorTick;
    private long lastNow;

    /**
     * @param capacity requested number of connections; rounded up so the indexes are a power of two
     *                 at most 3/4 full (see {@link #capacity()})
     * @param core     the worker core owning this table (its row in {@code load})
     * @param load     where active/inactive counts per real server go
     * @param timeouts initial timeouts ({@link #setTimeouts} changes them later)
     */
    public ConnectionTable(int capacity, int core, DestinationLoad load, ConnectionTimeouts timeouts) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        if (core < 0 || core >= load.cores()) {
            throw new IllegalArgumentException("core " + core + " outside 0.." + (load.cores() - 1));
        }
        long wanted = ((long) capacity * 4 + 2) / 3;
        if (wanted > MAX_INDEX_SLOTS) throw new IllegalArgumentException("capacity too large: " + capacity);
        int slots = Math.max(MIN_INDEX_SLOTS, Integer.highestOneBit((int) wanted - 1) << 1);
        this.capacity = slots / 4 * 3;
        this.indexMask = slots - 1;
        this.entryMask = slots - 1; // entry + 1 < slots, so it fits in the low log2(slots) bits
        this.core = core;
        this.load = load;
        this.seed = new SplittableRandom().nextLong();
        this.arena = Arena.ofShared();
        this.entries = LargePages.allocateZeroed(arena, (long) this.capacity * ENTRY_BYTES);
        this.inIndex = LargePages.allocateZeroed(arena, (long) slots * SLOT_BYTES);
        this.outIndex = LargePages.allocateZeroed(arena, (long) slots * SLOT_BYTES);
        this.wheel = arena.allocate((long) (WHEEL_SLOTS + 1) * 4, 64);
        this.entriesAddress = entries.address();
        this.inAddress = inIndex.address();
        this.outAddress = outIndex.address();
        for (int list = 0; list <= WHEEL_SLOTS; list++) {
            wheel.setAtIndex(ValueLayout.JAVA_INT, list, NIL);
        }
        setTimeouts(timeouts);
    }

    /**
     * Applies new timeouts ({@code ipvsadm --set}) to packets from now on; owner core only. As in IPVS
     * (set_tcp_state and udp_state_transition assign cp->timeout on every packet, and the timer is
     * re-armed with it), a running deadline is left alone: an entry keeps it until its next packet,
     * which re-arms it with the new value. Allocates nothing.
     */
    public void setTimeouts(ConnectionTimeouts timeouts) {
        for (int state = 0; state < TcpState.COUNT; state++) {
            tcpTimeoutMs[state] = timeouts.tcpSeconds(state) * 1000;
        }
        configuredSynRecvMs = tcpTimeoutMs[TcpState.SYN_RECV];
        capEmbryonicTimeout(embryonicCapMs);
        udpTimeoutMs = timeouts.udpSeconds() * 1000;
    }

    /**
     * secure_tcp: SYN_RECV entries entering the state from now on time out after at most {@code capMs}
     * (0 lifts the cap). Running deadlines are left alone, as for {@link #setTimeouts}; owner core only.
     */
    public void capEmbryonicTimeout(int capMs) {
        embryonicCapMs = capMs;
        tcpTimeoutMs[TcpState.SYN_RECV] = capMs == 0 ? configuredSynRecvMs : Math.min(capMs, configuredSynRecvMs);
    }

    /** The cap {@link #capEmbryonicTimeout} set, 0 for none. */
    public int embryonicTimeoutCapMs() { return embryonicCapMs; }

    /** drop_entry for a full table ({@link EmbryonicEviction}); null: a full table refuses new entries. Owner core only. */
    public void setEviction(EmbryonicEviction eviction) { this.eviction = eviction; }

    // ---------------------------------------------------------------- lookups

    /** The connection of a client -> VIP packet, or NOT_FOUND. */
    public int lookupIn(int proto, int clientAddr, int clientPort, int virtAddr, int virtPort) {
        return lookupIn(hashIn(proto, clientAddr, clientPort, virtAddr, virtPort), proto, clientAddr, clientPort, virtAddr, virtPort);
    }

    /** {@link #lookupIn} with the key's {@link #hashIn} computed beforehand (a burst's look-ahead stage). */
    public int lookupIn(long hash, int proto, int clientAddr, int clientPort, int virtAddr, int virtPort) {
        return find(true, hash, proto, clientAddr, virtAddr, clientPort << 16 | virtPort, 0);
    }

    /** The NAT connection of a real server -> client reply, or NOT_FOUND. */
    public int lookupOut(int proto, int destAddr, int destPort, int clientAddr, int clientPort) {
        return lookupOut(hashOut(proto, destAddr, destPort, clientAddr, clientPort), proto, destAddr, destPort, clientAddr, clientPort);
    }

    /** {@link #lookupOut} with the key's {@link #hashOut} computed beforehand. */
    public int lookupOut(long hash, int proto, int destAddr, int destPort, int clientAddr, int clientPort) {
        return find(false, hash, proto, clientAddr, destAddr, clientPort, destPort);
    }

    /** Where a lookup of {@code hash} starts reading the IN ({@code in}) or OUT index: the address to prefetch. */
    public long indexSlotAddress(boolean in, long hash) {
        return (in ? inAddress : outAddress) + ((hash & indexMask) << 2);
    }

    /**
     * The entry a lookup of {@code hash} will most likely compare first: the first slot of its probe
     * run whose tag matches (the index line is expected in the cache by now), as the address of its
     * per-packet fields to prefetch; 0 when the run has none (a miss reads no entry). No key is
     * compared, so no entry is read here.
     */
    public long candidateAddress(boolean in, long hash) {
        int tag = tagOf(hash);
        int mask = indexMask;
        MemorySegment index = in ? inIndex : outIndex;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            int slot = index.getAtIndex(ValueLayout.JAVA_INT, i);
            if (slot == 0) return 0;
            if ((slot & ~entryMask) == tag) return entriesAddress + (long) ((slot & entryMask) - 1) * ENTRY_BYTES;
        }
    }

    /**
     * Linear probe of one index. IN compares (client, VIP, client port << 16 | VIP port); OUT compares
     * (client, real server, client port, real-server port). {@code in} is a constant at both call sites,
     * so after inlining each lookup keeps only its own comparison.
     */
    private int find(boolean in, long hash, int proto, int clientAddr, int otherAddr, int portsOrClientPort,
                     int destPort) {
        int tag = tagOf(hash);
        int mask = indexMask;
        int entryBits = entryMask;
        MemorySegment index = in ? inIndex : outIndex;
        MemorySegment e = entries;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            int slot = index.getAtIndex(ValueLayout.JAVA_INT, i);
            if (slot == 0) return NOT_FOUND;
            if ((slot & ~entryBits) != tag) continue;
            int entry = (slot & entryBits) - 1;
            long base = (long) entry * ENTRY_BYTES;
            if (e.get(ValueLayout.JAVA_INT, base + CLIENT_ADDR_OFFSET) != clientAddr
                || e.get(ValueLayout.JAVA_BYTE, base + PROTOCOL_OFFSET) != (byte) proto) {
                continue;
            }
            int ports = e.get(ValueLayout.JAVA_INT, base + CLIENT_VIRT_PORTS_OFFSET);
            if (in) {
                if (e.get(ValueLayout.JAVA_INT, base + VIRT_ADDR_OFFSET) == otherAddr && ports == portsOrClientPort) {
                    return entry;
                }
            } else if (e.get(ValueLayout.JAVA_INT, base + DEST_ADDR_OFFSET) == otherAddr
                && ports >>> 16 == portsOrClientPort
                && (e.get(ValueLayout.JAVA_SHORT, base + DEST_PORT_OFFSET) & 0xFFFF) == destPort) {
                return entry;
            }
        }
    }

    // ---------------------------------------------------------------- insert and state

    /**
     * Adds a connection the caller has just scheduled (after a lookupIn miss; duplicates are not checked).
     * TCP starts in NONE with NONE's timeout and expects the first packet through {@link #onTcp}; UDP
     * starts with the UDP timeout. The real server's inactive count goes up by one (IPVS binds every
     * new connection inactive). DR/TUN entries are not put in the OUT index: their replies bypass us.
     *
     * A full table first asks its {@link EmbryonicEviction} (drop_entry) to remove a half-open entry;
     * the table never holds more than {@link #capacity()} entries.
     *
     * @return the handle, or TABLE_FULL (nothing changed; the caller drops the packet and counts it)
     */
    public int insert(int proto, int clientAddr, int clientPort, int virtAddr, int virtPort,
                      int destAddr, int destPort, int destId, int serviceId, int forwardMethod, long now) {
        if (size == capacity && (eviction == null || !eviction.makeRoom(this, now))) return TABLE_FULL;
        int entry = freeHead;
        if (entry != NIL) {
            freeHead = entries.get(ValueLayout.JAVA_INT, (long) entry * ENTRY_BYTES + TIMER_NEXT_OFFSET);
        } else {
            entry = highWater++;
        }
        long base = (long) entry * ENTRY_BYTES;
        MemorySegment e = entries;
        e.set(ValueLayout.JAVA_INT, base + CLIENT_ADDR_OFFSET, clientAddr);
        e.set(ValueLayout.JAVA_INT, base + VIRT_ADDR_OFFSET, virtAddr);
        e.set(ValueLayout.JAVA_INT, base + DEST_ADDR_OFFSET, destAddr);
        e.set(ValueLayout.JAVA_INT, base + CLIENT_VIRT_PORTS_OFFSET, clientPort << 16 | virtPort);
        e.set(ValueLayout.JAVA_SHORT, base + DEST_PORT_OFFSET, (short) destPort);
        e.set(ValueLayout.JAVA_BYTE, base + PROTOCOL_OFFSET, (byte) proto);
        e.set(ValueLayout.JAVA_BYTE, base + STATE_OFFSET, (byte) TcpState.NONE);
        e.set(ValueLayout.JAVA_BYTE, base + FORWARD_OFFSET, (byte) forwardMethod);
        int flags = forwardMethod == ForwardMethod.NAT_CODE ? FLAG_INACTIVE : FLAG_INACTIVE | FLAG_NO_OUTPUT;
        e.set(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET, (byte) flags);
        e.set(ValueLayout.JAVA_INT, base + DEST_ID_OFFSET, destId);
        e.set(ValueLayout.JAVA_INT, base + SERVICE_ID_OFFSET, serviceId);
        e.set(ValueLayout.JAVA_INT, base + LINK_OFFSET, 0);

        indexAdd(inIndex, hashIn(proto, clientAddr, clientPort, virtAddr, virtPort), entry);
        if (forwardMethod == ForwardMethod.NAT_CODE) {
            indexAdd(outIndex, hashOut(proto, destAddr, destPort, clientAddr, clientPort), entry);
        }
        load.addInactive(core, destId, 1);
        size++;

        startWheel(now);
        long deadline = now + (proto == Ipv4.PROTOCOL_UDP ? udpTimeoutMs : tcpTimeoutMs[TcpState.NONE]);
        e.set(ValueLayout.JAVA_INT, base + DEADLINE_OFFSET, (int) deadline);
        file(entry, deadline);
        if (syncPacer != null) syncPacer.reset(entry);
        if (proto == Ipv4.PROTOCOL_UDP && syncExport != null) export(entry, udpTimeoutMs, now);
        return entry;
    }

    /**
     * A TCP packet of the connection: IPVS's set_tcp_state. The flags pick the row (RST, else SYN, else
     * FIN, else ACK; none of them -> CLOSE); the direction picks the table (OUT for replies, IN for
     * requests, input-only for requests of a DR/TUN entry that has seen no reply). Moves the real
     * server's count between active and inactive when the entry crosses over, and re-arms the entry
     * for the new state's timeout.
     */
    public void onTcp(int handle, boolean fromServer, int tcpFlags, long now) {
        MemorySegment e = entries;
        long base = (long) handle * ENTRY_BYTES;
        int flags = e.get(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET);
        int table;
        if (fromServer) {
            table = TABLE_OUT;
            if ((flags & FLAG_NO_OUTPUT) != 0) {
                e.set(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET, (byte) (flags & ~FLAG_NO_OUTPUT));
            }
        } else {
            table = (flags & FLAG_NO_OUTPUT) != 0 ? TABLE_INPUT_ONLY : TABLE_IN;
        }
        int state = e.get(ValueLayout.JAVA_BYTE, base + STATE_OFFSET);
        int next;
        if ((tcpFlags & Tcp.FLAG_RST) != 0) {
            next = TRANSITIONS[(table * 4 + ROW_RST) * TcpState.COUNT + state];
        } else if ((tcpFlags & Tcp.FLAG_SYN) != 0) {
            next = TRANSITIONS[(table * 4 + ROW_SYN) * TcpState.COUNT + state];
        } else if ((tcpFlags & Tcp.FLAG_FIN) != 0) {
            next = TRANSITIONS[(table * 4 + ROW_FIN) * TcpState.COUNT + state];
        } else if ((tcpFlags & Tcp.FLAG_ACK) != 0) {
            next = TRANSITIONS[(table * 4 + ROW_ACK) * TcpState.COUNT + state];
        } else {
            next = TcpState.CLOSE;
        }
        enterState(handle, next, now);
    }

    /**
     * Puts a TCP entry in {@code next}: moves its real server's count when it crosses between active and
     * inactive, and re-arms it for the state's timeout. Package-private so tests can start from any state.
     */
    void enterState(int handle, int next, long now) {
        int state = entries.get(ValueLayout.JAVA_BYTE, (long) handle * ENTRY_BYTES + STATE_OFFSET);
        moveState(handle, next);
        rearm(handle, now, now + tcpTimeoutMs[next]);
        if (next != state && syncExport != null && isSyncedState(next)) export(handle, tcpTimeoutMs[next], now);
    }

    /**
     * A packet from the client of a live entry (after {@link #onTcp}/{@link #onUdp}): a synced
     * connection is sent again as IPVS's master does (ip_vs_in -> ip_vs_sync_conn), every
     * sync_period packets from its sync_threshold-th, or as sync_refresh_period allows
     * ({@link SyncPacing}). Nothing happens while no export ring is connected.
     */
    public void onClientPacket(int handle, long now) {
        SyncRecordRing ring = syncExport;
        if (ring == null) return;
        int pkts = syncPacer.count(handle);
        int proto = protocol(handle);
        int state = state(handle);
        if (proto == Ipv4.PROTOCOL_TCP && !isSyncedState(state)) return;
        int timeoutMs = timeoutMs(proto, state);
        if (syncPacer.due(handle, pkts, timeoutMs, now, ring.pacing())) export(handle, timeoutMs, now);
    }

    /**
     * The states IPVS's master syncs a TCP connection in (ip_vs_sync_conn_needed): ESTABLISHED and the
     * closing ones; the handshake states are left out (a backup would only hold half-open entries).
     */
    static boolean isSyncedState(int state) {
        return state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT || state == TcpState.CLOSE
            || state == TcpState.CLOSE_WAIT || state == TcpState.TIME_WAIT;
    }

    /** Sets the state byte, moving the real server's count between active and inactive when it crosses. */
    private void moveState(int handle, int next) {
        MemorySegment e = entries;
        long base = (long) handle * ENTRY_BYTES;
        int state = e.get(ValueLayout.JAVA_BYTE, base + STATE_OFFSET);
        if (next != state) {
            int flags = e.get(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET);
            boolean inactive = (flags & FLAG_INACTIVE) != 0;
            boolean active = TcpState.isActive(next);
            if (!inactive && !active) {
                int dest = e.get(ValueLayout.JAVA_INT, base + DEST_ID_OFFSET);
                load.addActive(core, dest, -1);
                load.addInactive(core, dest, 1);
                e.set(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET, (byte) (flags | FLAG_INACTIVE));
            } else if (inactive && active) {
                int dest = e.get(ValueLayout.JAVA_INT, base + DEST_ID_OFFSET);
                load.addInactive(core, dest, -1);
                load.addActive(core, dest, 1);
                e.set(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET, (byte) (flags & ~FLAG_INACTIVE));
            }
            e.set(ValueLayout.JAVA_BYTE, base + STATE_OFFSET, (byte) next);
        }
    }

    private void export(int entry, int timeoutMs, long now) {
        SyncRecordRing ring = syncExport;
        long slot = ring.claim();
        if (slot < 0) {
            SYNC_EXPORT_LOST.setOpaque(this, syncExportLost + 1);
            return;
        }
        syncPacer.synced(entry, timeoutMs, now);
        MemorySegment e = entries;
        long base = (long) entry * ENTRY_BYTES;
        int flags = e.get(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET);
        int ports = e.get(ValueLayout.JAVA_INT, base + CLIENT_VIRT_PORTS_OFFSET);
        ring.put(slot, e.get(ValueLayout.JAVA_BYTE, base + PROTOCOL_OFFSET) & 0xFF,
            e.get(ValueLayout.JAVA_INT, base + CLIENT_ADDR_OFFSET), ports >>> 16,
            e.get(ValueLayout.JAVA_INT, base + VIRT_ADDR_OFFSET), ports & 0xFFFF,
            e.get(ValueLayout.JAVA_INT, base + DEST_ADDR_OFFSET),
            e.get(ValueLayout.JAVA_SHORT, base + DEST_PORT_OFFSET) & 0xFFFF,
            e.get(ValueLayout.JAVA_BYTE, base + STATE_OFFSET), e.get(ValueLayout.JAVA_BYTE, base + FORWARD_OFFSET),
            ((flags & FLAG_INACTIVE) != 0 ? SyncRecordRing.FLAG_INACTIVE : 0)
                | ((flags & FLAG_NO_OUTPUT) != 0 ? SyncRecordRing.FLAG_NO_OUTPUT : 0),
            timeoutMs / 1000);
        int link = e.get(ValueLayout.JAVA_INT, base + LINK_OFFSET);
        SyncExportListener listener = syncExportListener;
        if (link != 0 && listener != null) listener.fill(ring, slot, link);
        ring.publish();
        if (link != 0 && listener != null) listener.exported(ring, link);
    }

    /**
     * Sends new UDP connections, TCP changes into synced states and the periodic re-syncs of
     * {@link #onClientPacket} to {@code ring} (null: stop). Owner core, or before its thread starts
     * (the first call allocates the per-entry marks).
     */
    public void setSyncExport(SyncRecordRing ring) {
        if (ring != null && syncPacer == null) {
            syncPacer = new SyncPacer(capacity);
            for (int h = 0; h < highWater; h++) syncPacer.reset(h);
        }
        this.syncExport = ring;
    }

    /** Sets who adds a linked entry's extras to its sync records (one listener; null for none). Owner core only. */
    public void setSyncExportListener(SyncExportListener listener) { this.syncExportListener = listener; }

    /** Records the sync export ring refused (full); any thread. */
    public long syncExportLost() { return (long) SYNC_EXPORT_LOST.getOpaque(this); }

    /** {@link #importSynced}: the record was about a connection already replaced here; nothing changed. */
    public static final int IMPORT_STALE = -3;

    /**
     * A connection the master's sync daemon announced (IPVS's ip_vs_proc_conn on a backup): the entry
     * is created or updated to the master's state, flags and timeout. An existing entry bound to another
     * real server is replaced, unless the record says the connection is inactive (then it is the
     * expiry news of the connection already replaced, and is ignored). Not exported again. Owner core
     * only; allocates nothing.
     *
     * @param noOutput  DR/TUN: no reply seen yet on the master (input-only transitions apply)
     * @param timeoutMs the timeout the master gave the entry; it expires that long from now unless
     *                  packets or later records move it
     * @return the handle, TABLE_FULL or IMPORT_STALE
     */
    public int importSynced(int proto, int clientAddr, int clientPort, int virtAddr, int virtPort, int destAddr,
                            int destPort, int destId, int serviceId, int forwardMethod, int state, boolean inactive,
                            boolean noOutput, int timeoutMs, long now) {
        int h = lookupIn(proto, clientAddr, clientPort, virtAddr, virtPort);
        if (h >= 0 && (destAddr(h) != destAddr || destPort(h) != destPort)) {
            if (inactive) return IMPORT_STALE;
            expireNow(h, now);
            h = NOT_FOUND;
        }
        if (h < 0) {
            SyncRecordRing export = syncExport;
            syncExport = null; // a UDP insert would export it back
            h = insert(proto, clientAddr, clientPort, virtAddr, virtPort, destAddr, destPort, destId, serviceId,
                forwardMethod, now);
            syncExport = export;
            // Left as never synced by this director: should it become master, the entry's
            // threshold-th packet sends it on (to an old primary that rejoined as backup).
            if (h < 0) return h;
        }
        if (proto == Ipv4.PROTOCOL_TCP) moveState(h, state);
        long base = (long) h * ENTRY_BYTES;
        int flags = entries.get(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET);
        if (forwardMethod != ForwardMethod.NAT_CODE) {
            flags = noOutput ? flags | FLAG_NO_OUTPUT : flags & ~FLAG_NO_OUTPUT;
            entries.set(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET, (byte) flags);
        }
        rearm(h, now, now + timeoutMs);
        return h;
    }

    /** The timeout of a TCP state (or UDP's, for {@code proto} 17) on this table, in ms. */
    public int timeoutMs(int proto, int state) { return proto == Ipv4.PROTOCOL_UDP ? udpTimeoutMs : tcpTimeoutMs[state]; }

    /** A UDP packet of the connection: re-arms it for the UDP timeout (UDP has one state and stays inactive). */
    public void onUdp(int handle, long now) {
        rearm(handle, now, now + udpTimeoutMs);
    }

    /** Removes the entry at once and returns its count (e.g. a SYN reusing a TIME_WAIT or CLOSE entry). */
    public void expireNow(int handle, long now) {
        lastNow = now;
        unlink(handle);
        remove(handle);
    }

    /**
     * Timer work: takes due wheel slots and removes the entries whose deadline has passed, re-filing the
     * others. Each wheel slot taken and each entry looked at counts one unit; stops after {@code budget}.
     *
     * @return work done (0 when nothing was due)
     */
    public int expire(long now, int budget) {
        lastNow = now;
        if (!wheelStarted) return 0;
        MemorySegment e = entries;
        int work = 0;
        while (work < budget) {
            int entry = wheel.getAtIndex(ValueLayout.JAVA_INT, PENDING_LIST);
            if (entry != NIL) {
                work++;
                unlink(entry);
                int deadline = e.get(ValueLayout.JAVA_INT, (long) entry * ENTRY_BYTES + DEADLINE_OFFSET);
                int remaining = deadline - (int) now;
                if (remaining <= 0) {
                    remove(entry);
                } else {
                    file(entry, now + remaining);
                }
                continue;
            }
            if (cursorTick * TICK_MS > now) break;
            long nowTick = now / TICK_MS;
            if (nowTick - cursorTick >= WHEEL_SLOTS) {
                cursorTick = nowTick - WHEEL_SLOTS + 1; // one lap visits every slot
            }
            int slot = (int) cursorTick & WHEEL_MASK;
            cursorTick++;
            work++;
            moveList(slot, PENDING_LIST);
        }
        return work;
    }

    // ---------------------------------------------------------------- accessors

    /** Sets who is told when a linked entry leaves the table (one listener; null for none). Owner core only. */
    public void setRemovalListener(RemovalListener listener) { this.removalListener = listener; }

    /** The owner's link of the entry (0 = none; {@link #insert} clears it). */
    public int link(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + LINK_OFFSET); }

    /** Attaches the owner's link to a live entry; a non-zero link is handed to the {@link RemovalListener} on removal. */
    public void setLink(int h, int link) { entries.set(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + LINK_OFFSET, link); }

    public int state(int h) { return entries.get(ValueLayout.JAVA_BYTE, (long) h * ENTRY_BYTES + STATE_OFFSET); }

    public int protocol(int h) {
        return entries.get(ValueLayout.JAVA_BYTE, (long) h * ENTRY_BYTES + PROTOCOL_OFFSET) & 0xFF;
    }

    public int clientAddr(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + CLIENT_ADDR_OFFSET); }

    public int clientPort(int h) {
        return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + CLIENT_VIRT_PORTS_OFFSET) >>> 16;
    }

    public int virtAddr(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + VIRT_ADDR_OFFSET); }

    public int virtPort(int h) {
        return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + CLIENT_VIRT_PORTS_OFFSET) & 0xFFFF;
    }

    public int destAddr(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + DEST_ADDR_OFFSET); }

    public int destPort(int h) {
        return entries.get(ValueLayout.JAVA_SHORT, (long) h * ENTRY_BYTES + DEST_PORT_OFFSET) & 0xFFFF;
    }

    public int destId(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + DEST_ID_OFFSET); }

    public int serviceId(int h) { return entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + SERVICE_ID_OFFSET); }

    public int forwardMethod(int h) {
        return entries.get(ValueLayout.JAVA_BYTE, (long) h * ENTRY_BYTES + FORWARD_OFFSET);
    }

    /** Whether the entry counts as active at its real server (IPVS: not IP_VS_CONN_F_INACTIVE). */
    public boolean isActive(int h) {
        return (entries.get(ValueLayout.JAVA_BYTE, (long) h * ENTRY_BYTES + FLAGS_OFFSET) & FLAG_INACTIVE) == 0;
    }

    /** Expiry time in ms (the clock of the latest call), for {@code ipvsadm -L -c}. */
    public long expiresAt(int h) {
        int deadline = entries.get(ValueLayout.JAVA_INT, (long) h * ENTRY_BYTES + DEADLINE_OFFSET);
        return lastNow + (deadline - (int) lastNow);
    }

    public int size() { return size; }

    /**
     * One past the highest handle ever used: every live entry has a handle below it, so a scan of
     * {@code 0..handleLimit()-1} with {@link #isLive} visits them all (for {@code ipvsadm -L -c}).
     * It only grows; handles stay where they are while an entry lives.
     */
    public int handleLimit() { return highWater; }

    /** Whether handle {@code h} (below {@link #handleLimit()}) holds a live entry now. */
    public boolean isLive(int h) { return entries.get(ValueLayout.JAVA_BYTE, (long) h * ENTRY_BYTES + PROTOCOL_OFFSET) != 0; }

    /** Connections the table holds at most: the requested capacity rounded up (indexes at most 3/4 full). */
    public int capacity() { return capacity; }

    /** Off-heap bytes of the whole table: entries, both indexes and the timer wheel. */
    public long offHeapBytes() {
        return entries.byteSize() + inIndex.byteSize() + outIndex.byteSize() + wheel.byteSize();
    }

    /** All off-heap bytes divided by the capacity, rounded up. */
    public long bytesPerConnection() { return (offHeapBytes() + capacity - 1) / capacity; }

    /** Frees the off-heap memory; every handle becomes invalid. */
    @Override
    public void close() {
        arena.close();
        if (syncPacer != null) syncPacer.close();
    }

    // ---------------------------------------------------------------- hashing and indexes

    /** The IN index's hash of a key (seeded per table). */
    public long hashIn(int proto, int clientAddr, int clientPort, int virtAddr, int virtPort) {
        return mix(((long) clientAddr << 32 | (virtAddr & 0xFFFFFFFFL)),
            (long) proto << 32 | (long) clientPort << 16 | virtPort);
    }

    /** The OUT index's hash of a key (seeded per table). */
    public long hashOut(int proto, int destAddr, int destPort, int clientAddr, int clientPort) {
        return mix(((long) destAddr << 32 | (clientAddr & 0xFFFFFFFFL)),
            (long) proto << 32 | (long) destPort << 16 | clientPort);
    }

    /** Seeded so that clients cannot aim at one probe run; finished with murmur3's fmix64. */
    private long mix(long addresses, long portsAndProto) {
        long h = (addresses ^ seed) * 0x9E3779B97F4A7C15L + portsAndProto * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Tag bits (above the entry bits) from hash bits the bucket does not use. */
    private int tagOf(long hash) { return (int) (hash >>> 32) & ~entryMask; }

    private void indexAdd(MemorySegment index, long hash, int entry) {
        int mask = indexMask;
        int i = (int) hash & mask;
        while (index.getAtIndex(ValueLayout.JAVA_INT, i) != 0) {
            i = (i + 1) & mask;
        }
        index.setAtIndex(ValueLayout.JAVA_INT, i, tagOf(hash) | (entry + 1));
    }

    private int homeIn(int entry) {
        return (int) hashIn(protocol(entry), clientAddr(entry), clientPort(entry), virtAddr(entry), virtPort(entry))
            & indexMask;
    }

    private int homeOut(int entry) {
        return (int) hashOut(protocol(entry), destAddr(entry), destPort(entry), clientAddr(entry), clientPort(entry))
            & indexMask;
    }

    /** Backward-shift deletion of {@code entry} from the IN index ({@code in}) or the OUT index. */
    private void indexRemove(boolean in, int entry) {
        MemorySegment index = in ? inIndex : outIndex;
        int mask = indexMask;
        int hole = in ? homeIn(entry) : homeOut(entry);
        while ((index.getAtIndex(ValueLayout.JAVA_INT, hole) & entryMask) != entry + 1) {
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; ; j = (j + 1) & mask) {
            int slot = index.getAtIndex(ValueLayout.JAVA_INT, j);
            if (slot == 0) break;
            int other = (slot & entryMask) - 1;
            int home = in ? homeIn(other) : homeOut(other);
            // The slot may move back into the hole unless its home lies cyclically in (hole, j].
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                index.setAtIndex(ValueLayout.JAVA_INT, hole, slot);
                hole = j;
            }
        }
        index.setAtIndex(ValueLayout.JAVA_INT, hole, 0);
    }

    /** Takes a live entry (already off the wheel) out of the indexes, returns its count, frees the record. */
    private void remove(int entry) {
        long base = (long) entry * ENTRY_BYTES;
        MemorySegment e = entries;
        indexRemove(true, entry);
        if (e.get(ValueLayout.JAVA_BYTE, base + FORWARD_OFFSET) == ForwardMethod.NAT_CODE) {
            indexRemove(false, entry);
        }
        int dest = e.get(ValueLayout.JAVA_INT, base + DEST_ID_OFFSET);
        if ((e.get(ValueLayout.JAVA_BYTE, base + FLAGS_OFFSET) & FLAG_INACTIVE) != 0) {
            load.addInactive(core, dest, -1);
        } else {
            load.addActive(core, dest, -1);
        }
        e.set(ValueLayout.JAVA_BYTE, base + PROTOCOL_OFFSET, (byte) 0);
        e.set(ValueLayout.JAVA_INT, base + TIMER_NEXT_OFFSET, freeHead);
        freeHead = entry;
        size--;
        int link = e.get(ValueLayout.JAVA_INT, base + LINK_OFFSET);
        if (link != 0 && removalListener != null) removalListener.removed(entry, link);
    }

    // ---------------------------------------------------------------- timer wheel

    private void startWheel(long now) {
        lastNow = now;
        if (!wheelStarted) {
            wheelStarted = true;
            cursorTick = now / TICK_MS;
        }
    }

    /** Writes a new deadline; re-files only when it moved earlier (lazy re-arm otherwise). */
    private void rearm(int entry, long now, long deadline) {
        lastNow = now;
        long offset = (long) entry * ENTRY_BYTES + DEADLINE_OFFSET;
        int old = entries.get(ValueLayout.JAVA_INT, offset);
        entries.set(ValueLayout.JAVA_INT, offset, (int) deadline);
        if ((int) deadline - old < 0) {
            unlink(entry);
            file(entry, deadline);
        }
    }

    /** Puts the entry in the slot of the first tick at or after its deadline (not before the cursor). */
    private void file(int entry, long deadline) {
        long tick = Math.max(Math.ceilDiv(deadline, TICK_MS), cursorTick);
        link(entry, (int) tick & WHEEL_MASK);
    }

    private void link(int entry, int list) {
        MemorySegment e = entries;
        long base = (long) entry * ENTRY_BYTES;
        int head = wheel.getAtIndex(ValueLayout.JAVA_INT, list);
        e.set(ValueLayout.JAVA_INT, base + TIMER_NEXT_OFFSET, head);
        e.set(ValueLayout.JAVA_INT, base + TIMER_PREV_OFFSET, -(list + 1));
        if (head != NIL) {
            e.set(ValueLayout.JAVA_INT, (long) head * ENTRY_BYTES + TIMER_PREV_OFFSET, entry);
        }
        wheel.setAtIndex(ValueLayout.JAVA_INT, list, entry);
    }

    private void unlink(int entry) {
        MemorySegment e = entries;
        long base = (long) entry * ENTRY_BYTES;
        int next = e.get(ValueLayout.JAVA_INT, base + TIMER_NEXT_OFFSET);
        int prev = e.get(ValueLayout.JAVA_INT, base + TIMER_PREV_OFFSET);
        if (prev >= 0) {
            e.set(ValueLayout.JAVA_INT, (long) prev * ENTRY_BYTES + TIMER_NEXT_OFFSET, next);
        } else {
            wheel.setAtIndex(ValueLayout.JAVA_INT, -prev - 1, next);
        }
        if (next != NIL) {
            e.set(ValueLayout.JAVA_INT, (long) next * ENTRY_BYTES + TIMER_PREV_OFFSET, prev);
        }
    }

    /** Moves a whole list in front of another (O(1) at the join, plus fixing the first entry's back link). */
    private void moveList(int from, int to) {
        int first = wheel.getAtIndex(ValueLayout.JAVA_INT, from);
        if (first == NIL) return;
        // Only called with an empty target (the pending list is drained before the next slot is taken).
        wheel.setAtIndex(ValueLayout.JAVA_INT, from, NIL);
        wheel.setAtIndex(ValueLayout.JAVA_INT, to, first);
        entries.set(ValueLayout.JAVA_INT, (long) first * ENTRY_BYTES + TIMER_PREV_OFFSET, -(to + 1));
    }

    private static byte[] transitions(int[][] rows) {
        byte[] table = new byte[rows.length * TcpState.COUNT];
        for (int r = 0; r < rows.length; r++) {
            for (int s = 0; s < TcpState.COUNT; s++) {
                table[r * TcpState.COUNT + s] = (byte) rows[r][s];
            }
        }
        return table;
    }
}
