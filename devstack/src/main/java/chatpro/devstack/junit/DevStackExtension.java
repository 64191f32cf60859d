package chatpro.devstack.junit;

import chatpro.devstack.DevStack;
import java.io.IOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** One temporary {@link DevStack} shared by every test of the JVM, started on first use, stopped after the last test. */
public final class DevStackExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DevStackExtension.class);
  private static volatile DevStack shared;

  /** The shared stack; available from {@code @BeforeAll} of a class using this extension. */
  public static DevStack stack() {
    DevStack stack = shared;
    if (stack == null) {
      throw new IllegalStateException("DevStackExtension has not run: register it with @ExtendWith or @RegisterExtension");
    }
    return stack;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ensureStarted(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DevStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return ensureStarted(context);
  }

  private static DevStack ensureStarted(ExtensionContext context) {
    // The root store is closed once, after every test of this JVM's run.
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Holder.class, key -> new Holder(), Holder.class)
        .stack;
  }

  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    private final DevStack stack;

    Holder() {
      try {
        stack = DevStack.startTemporary();
      } catch (IOException e) {
        throw new ExtensionConfigurationException("dev stack did not start", e);
      }
      shared = stack;
    }

    @Override
    public void close() {
      shared = null;
      stack.close();
    }
  }
}
