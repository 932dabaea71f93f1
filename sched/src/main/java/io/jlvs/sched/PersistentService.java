package io.jlvs.sched;

/**
 * The persistence settings of one virtual service ({@code -p T -M mask}) over the shared
 * {@link PersistenceTemplates} table. Immutable; rebuilt with the rule snapshot.
 *
 * @param templates               the director-wide template table
 * @param servicePort             the service's port (21 and 0 make templates with vport 0)
 * @param netmask                 -M, as an int (255.255.255.255 = -1 by default)
 * @param timeoutSeconds          -p T
 * @param expireQuiescentTemplate IPVS's sysctl: a template of a weight-0 server is not used
 */
public record PersistentService(PersistenceTemplates templates, int servicePort, int netmask, int timeoutSeconds,
                                boolean expireQuiescentTemplate) {

    /** ipvsadm's default -p when given without a value. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 360;
    public static final int FTP_PORT = 21;

    public PersistentService {
        if (timeoutSeconds < 1) throw new IllegalArgumentException("persistence timeout must be >= 1 s, was " + timeoutSeconds);
        if (servicePort < 0 || servicePort > 0xFFFF) throw new IllegalArgumentException("service port out of range: " + servicePort);
        if (Integer.bitCount(netmask) != Integer.numberOfLeadingZeros(~netmask)) {
            throw new IllegalArgumentException("netmask is not contiguous: " + Integer.toHexString(netmask));
        }
    }

    long timeoutMillis() { return timeoutSeconds * 1000L; }

    /**
     * IPVS's template port: the connection's vport when it is the service port and the service is not
     * FTP; 0 for the FTP control port (so FTP data connections to other ports share it) and for
     * port-0 services (every port of the VIP shares one template).
     */
    public int templatePort(int vport) {
        return vport == servicePort && servicePort != FTP_PORT ? vport : 0;
    }

    /**
     * Finds the client's template or schedules and creates one, and attaches the new connection to it.
     *
     * @return a packed result: {@link PersistenceTemplates#position(long)} is the server position or
     * {@link Scheduler#NO_SERVER}; {@link PersistenceTemplates#template(long)} is the template handle
     * the connection must give back to {@link PersistenceTemplates#release(int)} when it ends, or
     * {@link PersistenceTemplates#NO_TEMPLATE} when it was scheduled without one (no server, table full,
     * contended slot)
     */
    public long lookupOrSchedule(Scheduler scheduler, RealServers servers, int core, int proto, int caddr,
                                 int cport, int vaddr, int vport, long nowMillis) {
        return templates.lookupOrSchedule(this, scheduler, servers, core, proto, caddr, cport, vaddr, vport, nowMillis);
    }
}
