export * from './auth';
export * from './mail';
export * from './profile';
export * from './analytics';
export * from './reports';
export * from './consent';
export * from './privacy';
export * from './contact';
