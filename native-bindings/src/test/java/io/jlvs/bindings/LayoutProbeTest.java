package io.jlvs.bindings;

import static io.jlvs.bindings.dpdk.JlvsShim.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlvs.bindings.dpdk.JlvsShim;
import io.jlvs.bindings.dpdk.RteEal;
import io.jlvs.bindings.dpdk.RteEthdev;
import io.jlvs.bindings.dpdk.RteMbuf;
import io.jlvs.bindings.dpdk.RteMempool;
import io.jlvs.bindings.libc.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The sizes and offsets the bindings hard-code equal what the C compiler sees in the installed DPDK headers. */
class LayoutProbeTest {

    @Test
    void bindingsMatchTheHeaders() {
        long[] c;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, PROBE_COUNT);
            assertEquals(PROBE_COUNT, JlvsShim.jlvs_layout_probe(out, PROBE_COUNT));
            c = out.toArray(ValueLayout.JAVA_LONG);
        }
        assertEquals(RteMbuf.SIZEOF_RTE_MBUF, c[PROBE_SIZEOF_MBUF]);
        assertEquals(RteMbuf.rte_mbuf.byteSize(), c[PROBE_SIZEOF_MBUF]);
        assertEquals(RteMbuf.rte_mbuf$buf_addr, c[PROBE_MBUF_BUF_ADDR]);
        assertEquals(RteMbuf.rte_mbuf$data_off, c[PROBE_MBUF_DATA_OFF]);
        assertEquals(RteMbuf.rte_mbuf$refcnt, c[PROBE_MBUF_REFCNT]);
        assertEquals(RteMbuf.rte_mbuf$nb_segs, c[PROBE_MBUF_NB_SEGS]);
        assertEquals(RteMbuf.rte_mbuf$port, c[PROBE_MBUF_PORT]);
        assertEquals(RteMbuf.rte_mbuf$ol_flags, c[PROBE_MBUF_OL_FLAGS]);
        assertEquals(RteMbuf.rte_mbuf$packet_type, c[PROBE_MBUF_PACKET_TYPE]);
        assertEquals(RteMbuf.rte_mbuf$pkt_len, c[PROBE_MBUF_PKT_LEN]);
        assertEquals(RteMbuf.rte_mbuf$data_len, c[PROBE_MBUF_DATA_LEN]);
        assertEquals(RteMbuf.rte_mbuf$vlan_tci, c[PROBE_MBUF_VLAN_TCI]);
        assertEquals(RteMbuf.rte_mbuf$hash_rss, c[PROBE_MBUF_HASH_RSS]);
        assertEquals(RteMbuf.rte_mbuf$buf_len, c[PROBE_MBUF_BUF_LEN]);
        assertEquals(RteMbuf.rte_mbuf$pool, c[PROBE_MBUF_POOL]);
        assertEquals(RteMbuf.rte_mbuf$next, c[PROBE_MBUF_NEXT]);
        for (String field : new String[] {"buf_addr", "data_off", "pkt_len", "data_len", "buf_len", "pool", "next"}) {
            assertEquals(fieldOffset(field), switch (field) {
                case "buf_addr" -> c[PROBE_MBUF_BUF_ADDR];
                case "data_off" -> c[PROBE_MBUF_DATA_OFF];
                case "pkt_len" -> c[PROBE_MBUF_PKT_LEN];
                case "data_len" -> c[PROBE_MBUF_DATA_LEN];
                case "buf_len" -> c[PROBE_MBUF_BUF_LEN];
                case "pool" -> c[PROBE_MBUF_POOL];
                default -> c[PROBE_MBUF_NEXT];
            }, "rte_mbuf layout " + field);
        }
        assertEquals(RteMbuf.RTE_PKTMBUF_HEADROOM, c[PROBE_PKTMBUF_HEADROOM]);
        assertEquals(RteEthdev.rte_eth_conf.byteSize(), c[PROBE_SIZEOF_ETH_CONF]);
        assertEquals(RteEthdev.rte_eth_stats.byteSize(), c[PROBE_SIZEOF_ETH_STATS]);
        assertEquals(RteEthdev.rte_eth_stats.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("q_ipackets")),
                c[PROBE_ETH_STATS_Q_IPACKETS]);
        assertEquals(RteEthdev.rte_eth_link.byteSize(), c[PROBE_SIZEOF_ETH_LINK]);
        assertEquals(RteEthdev.rte_ether_addr.byteSize(), c[PROBE_SIZEOF_ETHER_ADDR]);
        assertEquals(RteEthdev.rte_eth_dev_info.byteSize(), c[PROBE_SIZEOF_ETH_DEV_INFO]);
        assertEquals(RteEthdev.rte_eth_dev_info$driver_name, c[PROBE_DEV_INFO_DRIVER_NAME]);
        assertEquals(RteEthdev.rte_eth_dev_info$max_rx_queues, c[PROBE_DEV_INFO_MAX_RX_QUEUES]);
        assertEquals(RteEthdev.rte_eth_dev_info$max_tx_queues, c[PROBE_DEV_INFO_MAX_TX_QUEUES]);
        assertEquals(RteMempool.rte_mempool_memhdr.byteSize(), c[PROBE_SIZEOF_MEMHDR]);
        assertEquals(RteMempool.rte_mempool_memhdr$addr, c[PROBE_MEMHDR_ADDR]);
        assertEquals(RteMempool.rte_mempool_memhdr$len, c[PROBE_MEMHDR_LEN]);
        assertEquals(RteEal.RTE_MAX_LCORE, c[PROBE_MAX_LCORE]);
        assertEquals(RteEal.LCORE_ID_ANY, (int) c[PROBE_LCORE_ID_ANY]);
        assertEquals(RteEthdev.RTE_ETHDEV_QUEUE_STAT_CNTRS, c[PROBE_QUEUE_STAT_CNTRS]);
        assertEquals(LibC.cpu_set_t.byteSize(), c[PROBE_SIZEOF_CPU_SET]);
    }

    private static long fieldOffset(String name) {
        return RteMbuf.rte_mbuf.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement(name));
    }
}
