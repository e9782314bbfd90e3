/** Klarna info page: the `info-page` placement (markup) and the shared layout. */
import { initLayout } from './lib/layout.js';

initLayout();
