import type { ButtonHTMLAttributes } from 'react';

const variants = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800 disabled:bg-slate-400',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400',
  link: 'text-brand-700 underline underline-offset-2 hover:text-brand-800',
} as const;

export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  const base = variant === 'link' ? '' : 'inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium';
  return <button type="button" {...props} className={`${base} ${variants[variant]} ${className}`} />;
}
