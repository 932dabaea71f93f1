package io.jlvs.slowpath.rules;

/** How packets reach a real server: ipvsadm's -m, -g (the default) and -i. */
public enum ForwardMethod {
    MASQ("-m", "Masq"), ROUTE("-g", "Route"), TUNNEL("-i", "Tunnel");

    private final String option;
    private final String listName;

    ForwardMethod(String option, String listName) {
        this.option = option;
        this.listName = listName;
    }

    /** The switch ipvsadm -S prints. */
    public String option() { return option; }

    /** The word ipvsadm -L prints in its Forward column. */
    public String listName() { return listName; }
}
