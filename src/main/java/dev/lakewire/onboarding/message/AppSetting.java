package dev.lakewire.onboarding.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static {@code String} constant whose value is the name of an app setting lakewire
 * reads (as databricks-sdk-java's {@code @ConfigAttribute(env = …)} marks its config fields), so
 * that the list of every setting ({@code dev.lakewire.app.Settings#SETTINGS}) is read from the
 * constants themselves ({@link SettingValues#declaredIn}) rather than written out again.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface AppSetting {}
