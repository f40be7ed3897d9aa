// The shell's LabeledInput does not type-check under our strict settings; tsconfig maps its
// import here for type-checking only (the build and the tests use the real component).
import { DefineComponent } from 'vue';

export const LabeledInput: DefineComponent<any, any, any>;
