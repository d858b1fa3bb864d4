export * from './statement';
export * from './duration';
export * from './completion';
export * from './canonical';
export * from './storable-json';
