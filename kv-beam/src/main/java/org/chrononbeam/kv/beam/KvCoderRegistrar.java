package org.chrononbeam.kv.beam;

import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.chrononbeam.model.kv.PutRequest;

/** Registers {@link PutRequestCoder} for {@link PutRequest}, so a pipeline infers it. */
public final class KvCoderRegistrar implements CoderProviderRegistrar {

  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(PutRequest.class), PutRequestCoder.of()));
  }
}
