package dev.lakewire.ports;

/**
 * Unity Catalog external locations, a {@link Managed} thing: one of lakewire's name at another URL
 * or on another credential, or not made by lakewire, is never adopted; an isolated one that lost
 * its isolation or binding is corrected ({@link #update}).
 */
public interface ExternalLocations extends Managed<ExternalLocation, ExternalLocation> {

  /** Creates it, and for an isolated one isolates it and binds it to its workspace. */
  @Override
  ExternalLocation create(ExternalLocation desired);

  /** Isolates it and binds it read-write to its workspace, each only when not so already. */
  @Override
  ExternalLocation update(ExternalLocation desired, ExternalLocation actual);
}
