package dev.mitosis.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One instance for a whole test class: {@code @ExtendWith(SharedServer.class)} starts a
 * {@link TestInstance} into each of the class's static {@code TestInstance} fields before its
 * {@code @BeforeAll} methods run, and closes them after its {@code @AfterAll} methods.
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Field f : fields(context)) f.set(null, TestInstance.start());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Field f : fields(context)) {
            if (f.get(null) instanceof TestInstance t) t.close();
            f.set(null, null);
        }
    }

    private static java.util.List<Field> fields(ExtensionContext context) {
        java.util.List<Field> out = new java.util.ArrayList<>();
        for (Field f : context.getRequiredTestClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == TestInstance.class) {
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out;
    }
}
