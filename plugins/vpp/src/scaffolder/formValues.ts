import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * Another parameter of the template form, named in the field's `ui:options` (e.g.
 * `tokenField: token`). The scaffolder passes every page's values as
 * `formContext.formData`.
 */
export function formValue<T>(
  props: FieldExtensionComponentProps<any, any>,
  option: string,
  fallbackName: string,
): T | undefined {
  const name =
    (props.uiSchema?.['ui:options'] as Record<string, unknown> | undefined)?.[
      option
    ] ?? fallbackName;
  const formData = (props.formContext as { formData?: Record<string, unknown> })
    ?.formData;
  return formData?.[String(name)] as T | undefined;
}

/** The form's platform parameter (`ios` | `macos`), `ios` when not chosen yet. */
export function formPlatform(
  props: FieldExtensionComponentProps<any, any>,
): 'ios' | 'macos' {
  return formValue<string>(props, 'platformField', 'platform') === 'macos'
    ? 'macos'
    : 'ios';
}

/** Apple's platform name of an asset for the form's platform. */
export function applePlatform(platform: 'ios' | 'macos'): 'iOS' | 'macOS' {
  return platform === 'macos' ? 'macOS' : 'iOS';
}
