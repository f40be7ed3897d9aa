export { };

declare module 'vue' {
  // Merged into Vue's own interface (module augmentation): no-unused-vars cannot see that use.
  // eslint-disable-next-line no-unused-vars
  interface ComponentCustomProperties {
    /** Rancher's translation lookup (`i18n/t`), installed globally by the host. */
    t: {
      (key: string, args?: Record<string, unknown>, raw?: boolean): string;
      (options: { k: string; raw?: boolean; tag?: string | Record<string, unknown>; escapehtml?: boolean }): string;
    };
    $store: {
      // The host's Vuex getters, untyped, of every shape: the shell's own components, typechecked
      // with this declaration, use them as the values they are.
      getters: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      dispatch: (type: string, payload?: unknown) => Promise<unknown>;
    };
  }
}
