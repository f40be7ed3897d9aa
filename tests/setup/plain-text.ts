/**
 * What the host's `t` leaves in text it was not asked to give raw: HTML entities, which `{{ }}`
 * then shows literally ("Rancher&#39;s").
 */
export const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|quot|apos|lt|gt|amp);/i;
