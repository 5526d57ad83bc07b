package dev.ringscope.vmm;

import dev.ringscope.trace.Party;

/** Type 1: the VMM owns the machine; every exit is handled where it lands, with no host to visit. */
final class BareMetalHost implements Host {

    @Override
    public HostType type() {
        return HostType.TYPE1;
    }

    @Override
    public Party exitParty() {
        return Party.VMM;
    }

    @Override
    public boolean servesInUserSpace(int port) {
        return false;
    }

    @Override
    public void portAccessed(HostHops hops, int port, boolean write) {
    }
}
