import { defineComponent } from 'vue';

/**
 * Text for people, from the host's `t`. Asked for raw text, because `{{ }}` and attribute
 * bindings already render it as text (without `raw` the host escapes it for `v-clean-html`, and
 * "Rancher's" shows as "Rancher&#39;s"); and called as this component's method, because the
 * host's `t` reads `this.$store`. Vue binds methods to the instance, so `this.text` can be handed
 * to domain code as a plain translate function.
 */
export const l10n = defineComponent({
  methods: {
    text(key: string, args?: Record<string, unknown>): string {
      return this.t(key, args, true);
    },
  },
});
