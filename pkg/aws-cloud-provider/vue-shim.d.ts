export { };

declare module 'vue' {
  interface ComponentCustomProperties {
    /** Rancher's translation lookup (`i18n/t`), installed globally by the host. */
    t: {
      (key: string, args?: Record<string, unknown>, raw?: boolean): string;
      (options: { k: string; raw?: boolean; tag?: string | Record<string, unknown>; escapehtml?: boolean }): string;
    };
    $store: {
      getters: Record<string, any>;
      dispatch: (type: string, payload?: unknown) => Promise<any>;
    };
  }
}
