package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import java.util.Objects;

/**
 * One virtual router's state machine (RFC 5798, section 6.4), with time passed in: every method
 * takes the current time in ms, and {@link #poll} runs the timers that are due. The caller (the
 * slow path's duty cycle, or a test stepping a manual clock) owns the thread; nothing here blocks,
 * sleeps or reads a clock.
 *
 * <p>Timers: the master sends an advert every Advertisement_Interval; a backup becomes master when
 * no advert came for Master_Down_Interval = 3 x Master_Adver_Interval + Skew_Time, where
 * Master_Adver_Interval is the interval the current master advertises and Skew_Time = (256 -
 * priority) x Master_Adver_Interval / 256, so the highest-priority backup goes first. A master
 * that stops sends priority 0, and backups then take over after Skew_Time only.
 */
public final class VrrpInstance {

    /** What the instance does to the world. Called on the caller's thread, in order. */
    public interface Actions {
        void sendAdvert(VrrpInstance instance, VrrpAdvert advert);

        /** Gratuitous ARP for each virtual address, {@code repeat} times. */
        void sendGratuitousArps(VrrpInstance instance, int[] addresses, int repeat);

        void transition(VrrpInstance instance, VrrpState from, VrrpState to, String why);
    }

    private static final long NEVER = Long.MAX_VALUE;

    private final VrrpSettings settings;
    private final int primaryAddress;
    private final Actions actions;
    private final int[] addresses;

    private VrrpState state = VrrpState.INIT;
    private int masterIntervalCentis;
    private long adverTimer = NEVER;
    private long masterDownTimer = NEVER;
    private long garpSecondSetAt = NEVER;
    private long garpRefreshAt = NEVER;
    /** The address of the master we last heard (0 = none, or we are master). */
    private int masterAddress;
    private long transitions;
    private long advertsSent;
    private long advertsAccepted;
    private long addressListMismatches;

    /**
     * @param primaryAddress this director's address on the instance's port: the adverts' source, and
     *                       the tie-break between equal priorities (the higher address wins)
     */
    public VrrpInstance(VrrpSettings settings, int primaryAddress, Actions actions) {
        this.settings = Objects.requireNonNull(settings);
        this.primaryAddress = primaryAddress;
        this.actions = Objects.requireNonNull(actions);
        this.addresses = settings.addressArray();
        this.masterIntervalCentis = settings.intervalCentis();
    }

    public VrrpSettings settings() { return settings; }

    public VrrpState state() { return state; }

    public int primaryAddress() { return primaryAddress; }

    public int masterAddress() { return state == VrrpState.MASTER ? primaryAddress : masterAddress; }

    public long transitions() { return transitions; }

    public long advertsSent() { return advertsSent; }

    public long advertsAccepted() { return advertsAccepted; }

    public long addressListMismatches() { return addressListMismatches; }

    /** Master_Down_Interval in ms, from the interval the current master advertises. */
    public long masterDownIntervalMs() { return VrrpSettings.masterDownMs(settings.priority(), masterIntervalCentis); }

    /** Next time {@link #poll} has something to do (Long.MAX_VALUE: nothing scheduled). */
    public long nextDeadline() {
        return Math.min(Math.min(adverTimer, masterDownTimer), Math.min(garpSecondSetAt, garpRefreshAt));
    }

    /** RFC 5798's Startup event. */
    public void start(long now) {
        if (state != VrrpState.INIT) return;
        if (settings.priority() == 255) {
            becomeMaster(now, "priority 255 (address owner)");
        } else {
            masterIntervalCentis = settings.intervalCentis();
            masterDownTimer = now + masterDownIntervalMs();
            enter(VrrpState.BACKUP, "start");
        }
    }

    /** RFC 5798's Shutdown event: a master says goodbye with priority 0 so a backup takes over after Skew_Time. */
    public void shutdown(long now) {
        if (state == VrrpState.MASTER) {
            send(0);
        }
        adverTimer = masterDownTimer = garpSecondSetAt = garpRefreshAt = NEVER;
        masterAddress = 0;
        if (state != VrrpState.INIT) enter(VrrpState.INIT, "shutdown");
    }

    /** Runs the timers due at {@code now}. Returns the work done. */
    public int poll(long now) {
        int work = 0;
        if (state == VrrpState.BACKUP && now >= masterDownTimer) {
            becomeMaster(now, "no advert for " + masterDownIntervalMs() + " ms (master down)");
            work++;
        }
        if (state == VrrpState.MASTER) {
            if (now >= adverTimer) {
                send(settings.priority());
                adverTimer = now + settings.intervalCentis() * 10L;
                work++;
            }
            if (now >= garpSecondSetAt) {
                garpSecondSetAt = NEVER;
                actions.sendGratuitousArps(this, addresses, settings.garpRepeat());
                work++;
            }
            if (now >= garpRefreshAt) {
                garpRefreshAt = now + settings.garpRefreshMs();
                actions.sendGratuitousArps(this, addresses, 1);
                work++;
            }
        }
        return work;
    }

    /**
     * An advert for this virtual router that passed {@link VrrpFrames#read}'s checks, from
     * {@code source}. RFC 5798 6.4.2 (backup) and 6.4.3 (master).
     */
    public void onAdvert(VrrpAdvert advert, int source, long now) {
        if (advert.vrid() != settings.vrid()) throw new IllegalArgumentException("advert for vrid " + advert.vrid());
        if (source == primaryAddress) return;
        if (!advert.sameAddresses(addresses)) {
            // RFC 5798 7.1: SHOULD log a misconfiguration; the advert still counts.
            addressListMismatches++;
        }
        switch (state) {
            case BACKUP -> {
                if (advert.priority() == 0) {
                    masterDownTimer = now + VrrpSettings.skewMs(settings.priority(), masterIntervalCentis);
                    advertsAccepted++;
                } else if (!settings.preempt() || advert.priority() >= settings.priority()) {
                    masterIntervalCentis = advert.intervalCentis();
                    masterDownTimer = now + masterDownIntervalMs();
                    masterAddress = source;
                    advertsAccepted++;
                }
                // else: preempting, the lower-priority master's advert is discarded and our timer runs out
            }
            case MASTER -> {
                if (advert.priority() == 0) {
                    send(settings.priority());
                    adverTimer = now + settings.intervalCentis() * 10L;
                } else if (advert.priority() > settings.priority()
                        || (advert.priority() == settings.priority() && Integer.compareUnsigned(source, primaryAddress) > 0)) {
                    adverTimer = garpSecondSetAt = garpRefreshAt = NEVER;
                    masterIntervalCentis = advert.intervalCentis();
                    masterDownTimer = now + masterDownIntervalMs();
                    masterAddress = source;
                    advertsAccepted++;
                    enter(VrrpState.BACKUP, "higher priority advert (" + advert.priority() + ") from "
                        + Ipv4Text.format(source));
                }
                // else: discard (we stay master; our next advert tells the other one)
            }
            default -> { }
        }
    }

    private void becomeMaster(long now, String why) {
        masterDownTimer = NEVER;
        masterAddress = 0;
        send(settings.priority());
        adverTimer = now + settings.intervalCentis() * 10L;
        enter(VrrpState.MASTER, why);
        actions.sendGratuitousArps(this, addresses, settings.garpRepeat());
        garpSecondSetAt = settings.garpDelayMs() > 0 ? now + settings.garpDelayMs() : NEVER;
        garpRefreshAt = settings.garpRefreshMs() > 0 ? now + settings.garpRefreshMs() : NEVER;
    }

    private void send(int priority) {
        advertsSent++;
        actions.sendAdvert(this, new VrrpAdvert(settings.vrid(), priority, settings.intervalCentis(), addresses));
    }

    private void enter(VrrpState next, String why) {
        VrrpState from = state;
        state = next;
        transitions++;
        actions.transition(this, from, next, why);
    }
}
