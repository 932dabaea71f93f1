package io.jlvs.slowpath.vrrp;

/** RFC 5798's three states, named as keepalived logs them. */
public enum VrrpState { INIT, BACKUP, MASTER }
